using System.Diagnostics;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Emulator;

namespace KoreModelDeploy.Cli.Tests.Configuration;

/// <summary>
/// The key read from a FIFO, a pipe or stdin, by the tool as a real process: a signal while it waits ends it at once
/// with 130, and what is no file or pipe, or holds far more than a key, is refused before anything is sent.
/// </summary>
public sealed class ApiKeyWaitTests : IDisposable
{
    private static readonly TimeSpan StartLimit = ToolProcess.StartLimit;
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    // No debugger pipe: the runtime's own would keep a thread waiting in openat, as the FIFO does.
    private static Dictionary<string, string> Environment => new() { ["KORE_HOST"] = "http://127.0.0.1:9", ["DOTNET_EnableDiagnostics"] = "0" };

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_signal_while_opening_a_FIFO_with_no_writer_exits_130_at_once(string signal)
    {
        var fifo = await ChildProcess.MakeFifoAsync(_dir.File("key.fifo"));

        // A process a non-interactive shell starts in the background has SIGINT ignored, and .NET keeps it so: env
        // gives the tool SIGINT's default, as a terminal would.
        using var tool = ToolProcess.StartCommand(_dir.Path, Environment, ["env", "--default-signal=INT", "dotnet", ToolProcess.ToolDll, "status", "ds-1", "--api-key-file", fifo]);
        await WaitUntilAsync(() => KernelWaits.IsOpeningForReadAsync(tool.Id), tool, "the tool to wait opening the FIFO");
        tool.HasExited.Should().BeFalse(tool.Snapshot().ToString());

        var signalled = Stopwatch.StartNew();
        await tool.SignalAsync(signal);
        await Eventually.WaitUntilAsync(() => tool.HasExited, "the tool to exit after SIG" + signal, ExitLimit);
        var run = await tool.WaitAsync();

        run.ExitCode.Should().Be(ExitCodes.Cancelled, run.ToString());
        run.Error.Should().Contain("cancelled while waiting for the API key file").And.Contain("nothing was sent");
        signalled.Elapsed.Should().BeLessThan(ExitLimit);
    }

    [Fact]
    public async Task SIGTERM_while_stdin_is_held_open_exits_130_at_once()
    {
        using var tool = ToolProcess.StartCommand(_dir.Path, Environment, ["dotnet", ToolProcess.ToolDll, "status", "ds-1", "--api-key-stdin"], keepInputOpen: true);
        await WaitUntilAsync(() => Task.FromResult(KernelWaits.IsReadingStdin(tool.Id)), tool, "the tool to read stdin");
        tool.HasExited.Should().BeFalse(tool.Snapshot().ToString());

        await tool.SignalAsync("TERM");
        await Eventually.WaitUntilAsync(() => tool.HasExited, "the tool to exit after SIGTERM", ExitLimit);
        var run = await tool.WaitAsync();

        run.ExitCode.Should().Be(ExitCodes.Cancelled, run.ToString());
        run.Error.Should().Contain("cancelled while waiting for the API key from --api-key-stdin");
    }

    [Theory]
    [InlineData("/dev/zero", "it is a device")]
    [InlineData("DIRECTORY", "it is a directory")]
    [InlineData("BIG", "holds more than 64 KiB")]
    public async Task What_is_no_file_or_pipe_or_holds_more_than_a_key_is_refused_with_exit_7(string path, string reason)
    {
        if (path == "DIRECTORY")
        {
            path = _dir.Path;
        }
        else if (path == "BIG")
        {
            path = _dir.File("big.key");
            await File.WriteAllTextAsync(path, new string('k', 70 * 1024));
        }

        var run = await ToolProcess.RunAsync(_dir.Path, Environment, "status", "ds-1", "--api-key-file", path);

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.Error.Should().Contain($"API key file {path}").And.Contain(reason).And.NotContain("   at ");
    }

    [Fact]
    public async Task A_key_from_bash_process_substitution_is_read()
    {
        await using var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions { ApiKey = EmulatorSession.ApiKey });
        var environment = new Dictionary<string, string> { ["KORE_HOST"] = emulator.BaseAddress.ToString() };

        // <(…) hands the tool /dev/fd/N, a pipe.
        var run = await ToolProcess.RunCommandAsync(_dir.Path, environment,
            ["bash", "-c", "exec dotnet \"$0\" status ds-missing --api-key-file <(echo \"$1\")", ToolProcess.ToolDll, EmulatorSession.ApiKey]);

        run.ExitCode.Should().Be(ExitCodes.ApiError, "the key was accepted and the id was not found: " + run);
        run.Error.Should().Contain("404");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, ToolProcess tool, string what)
    {
        var deadline = DateTime.UtcNow + StartLimit;
        while (!tool.HasExited && !await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}:\n{tool.Snapshot()}");
            }

            await Task.Delay(20);
        }
    }
}
