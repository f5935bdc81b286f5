using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary>deploy and undeploy print the job's id the moment it arrives, as apply does, not only when the wait ends.</summary>
public sealed class JobIdOnArrivalTests
{
    [Theory]
    [InlineData("deploy")]
    [InlineData("undeploy")]
    public async Task The_job_id_is_on_stderr_while_the_job_still_runs(string command)
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var files = new TempDeployFiles();
        var runner = ToolRunner.For(emulator.Host, EmulatorFixture.ApiKey);
        if (command == "undeploy")
        {
            // A model is undeployed once it is deployed.
            (await runner.RunAsync("deploy", "cm-1", "--type", "openSource", "--file", files.Valid, "--no-wait")).ExitCode.Should().Be(0);
            emulator.FinishRunningJobs();
        }

        string[] args = command == "deploy"
            ? ["deploy", "cm-1", "--type", "openSource", "--file", files.Valid, "--poll-delay", "10ms"]
            : ["undeploy", "cm-1", "--poll-delay", "10ms"];

        var running = runner.RunAsync(args);
        await Eventually.WaitUntilAsync(() => runner.CurrentError().Contains(": job ", StringComparison.Ordinal), "the job id on stderr");
        running.IsCompleted.Should().BeFalse("the job is IN_PROGRESS until the test ends it");
        emulator.FinishRunningJobs();
        var run = await running;

        run.ExitCode.Should().Be(0, run.ToString());
        var id = run.Out.Trim();
        run.Error.Should().Contain($"{command} cm-1: job {id} started");
    }

    [Fact]
    public async Task On_a_terminal_the_live_line_names_the_job_while_it_runs()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var files = new TempDeployFiles();
        var runner = ToolRunner.For(emulator.Host, EmulatorFixture.ApiKey);
        runner.ErrorIsTerminal = true;

        var running = runner.RunAsync("deploy", "cm-1", "--type", "openSource", "--file", files.Valid, "--poll-delay", "10ms");
        await Eventually.WaitUntilAsync(() => runner.CurrentError().Contains("deploy cm-1 (job ds-", StringComparison.Ordinal), "the job id on the live line");
        emulator.FinishRunningJobs();
        var run = await running;

        run.ExitCode.Should().Be(0, run.ToString());
        run.Error.Should().Contain($"deploy cm-1 (job {run.Out.Trim()}): IN_PROGRESS");
    }

    [Fact]
    public async Task In_GitHub_Actions_the_id_is_printed_before_the_job_s_group()
    {
        await using var emulator = await EmulatorFixture.StartAsync(o => o.JobDuration = TimeSpan.Zero);
        using var files = new TempDeployFiles();
        var runner = ToolRunner.For(emulator.Host, EmulatorFixture.ApiKey);
        runner.Environment["GITHUB_ACTIONS"] = "true";

        var run = await runner.RunAsync("deploy", "cm-1", "--type", "openSource", "--file", files.Valid, "--poll-delay", "10ms");

        run.ExitCode.Should().Be(0, run.ToString());
        var id = run.Out.Trim();
        run.Error.IndexOf($"job {id} started", StringComparison.Ordinal).Should().BePositive()
            .And.BeLessThan(run.Error.IndexOf("::group::", StringComparison.Ordinal));
    }
}
