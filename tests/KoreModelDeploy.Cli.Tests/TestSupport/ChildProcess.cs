using System.Diagnostics;
using System.Globalization;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// A short system command (<c>mkfifo</c>, <c>ln</c>, <c>kill</c>, <c>mount</c>) run to its end without blocking a
/// thread: a test that waits synchronously holds a thread the thread pool may need to finish the wait, and a test
/// host with a small pool (as <c>eng/stress-tests.sh</c> makes it) then stops altogether. Bounded, so a command that
/// never ends fails its test instead of hanging the run.
/// </summary>
internal static class ChildProcess
{
    // A bound for a hung child, never a wait for a good one: set for a machine far busier than CI's.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>Runs <paramref name="program"/> to its end; its stdout and stderr together are returned.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException(program + " could not be started");
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not end within {Limit}");
        }
    }

    /// <summary>Runs <paramref name="program"/> and asserts it succeeded.</summary>
    public static async Task RunOkAsync(string program, params string[] args)
    {
        var (exitCode, output) = await RunAsync(program, args);
        exitCode.Should().Be(0, $"{program} {string.Join(' ', args)} succeeds: {output}");
    }

    /// <summary>Sends a signal by name (<c>TERM</c>, <c>INT</c>), as <c>kill</c> does.</summary>
    public static Task SignalAsync(int processId, string name) =>
        RunOkAsync("kill", "-" + name, processId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Makes a FIFO at <paramref name="path"/> and returns the path.</summary>
    public static async Task<string> MakeFifoAsync(string path)
    {
        await RunOkAsync("mkfifo", path);
        return path;
    }

    /// <summary>Makes <paramref name="link"/> a hard link to <paramref name="target"/>.</summary>
    public static Task HardLinkAsync(string target, string link) => RunOkAsync("ln", target, link);
}
