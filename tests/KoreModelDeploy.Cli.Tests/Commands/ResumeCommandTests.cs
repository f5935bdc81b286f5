using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary>
/// The command printed to resume a wait runs as printed: it carries <c>--host</c> and the key's source
/// (<c>--api-key-file PATH</c> or <c>--api-key-stdin</c>, never the key), shell-quoted.
/// </summary>
public sealed class ResumeCommandTests
{
    [Fact]
    public async Task A_timed_out_wait_prints_a_resume_command_that_a_shell_runs_as_printed()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var shell = new ToolShell();
        using var dir = new TempDirectory();
        using var files = new TempDeployFiles();
        Directory.CreateDirectory(dir.File("key folder"));
        var keyFile = dir.File("key folder/it's the key");
        await File.WriteAllTextAsync(keyFile, EmulatorFixture.ApiKey + "\n");
        var started = await ToolRunner.For(emulator.Host, EmulatorFixture.ApiKey).RunAsync("deploy", "cm-1", "--type", "openSource", "--file", files.Valid, "--no-wait");
        var id = started.Out.Trim();

        // No KORE_HOST, no KORE_API_KEY: everything comes from the command line, as the resume command must carry it.
        shell.Environment["KEY_FILE"] = keyFile;
        var timedOut = await shell.RunAsync("bash", $"kore-deploy wait {id} --host '{emulator.Host}' --api-key-file \"$KEY_FILE\" --timeout 1s --poll-delay 100ms -o json", dir.Path);

        timedOut.ExitCode.Should().Be(ExitCodes.WaitTimedOut, timedOut.ToString());
        var resume = timedOut.Json.GetProperty("resumeCommand").GetString()!;
        resume.Should().StartWith($"kore-deploy wait {id} --host ").And.Contain("--api-key-file '").And.NotContain(EmulatorFixture.ApiKey);
        timedOut.Error.Should().Contain("resume with: " + resume);

        emulator.FinishRunningJobs();
        var resumed = await shell.RunAsync("bash", resume + " -o json", dir.Path);

        resumed.ExitCode.Should().Be(0, resumed.ToString());
        resumed.Json.GetProperty("status").GetString().Should().Be("SUCCESS");
    }

    [Fact]
    public async Task A_key_read_from_stdin_is_resumed_with_api_key_stdin()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var files = new TempDeployFiles();
        var runner = new ToolRunner { Stdin = EmulatorFixture.ApiKey };
        var id = (await ToolRunner.For(emulator.Host, EmulatorFixture.ApiKey).RunAsync("deploy", "cm-1", "--type", "openSource", "--file", files.Valid, "--no-wait")).Out.Trim();

        var run = await runner.RunAsync("wait", id, "--host", emulator.Host.ToString(), "--api-key-stdin", "--timeout", "1s", "--poll-delay", "100ms", "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.WaitTimedOut, run.ToString());
        run.Json.GetProperty("resumeCommand").GetString().Should().Be($"kore-deploy wait {id} --host {emulator.Host.ToString().TrimEnd('/')} --api-key-stdin");
    }

    [Fact]
    public async Task With_the_host_and_key_from_the_environment_the_resume_command_is_the_bare_wait()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var files = new TempDeployFiles();
        var runner = ToolRunner.For(emulator.Host, EmulatorFixture.ApiKey);
        var id = (await runner.RunAsync("deploy", "cm-1", "--type", "openSource", "--file", files.Valid, "--no-wait")).Out.Trim();

        var run = await runner.RunAsync("wait", id, "--timeout", "1s", "--poll-delay", "100ms", "-o", "json");

        run.Json.GetProperty("resumeCommand").GetString().Should().Be("kore-deploy wait " + id);
    }
}
