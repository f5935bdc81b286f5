using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Output;
using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Output;

/// <summary>What the tool says reads right: counts, articles, possessives, columns, a failed job's last line.</summary>
public sealed class OutputWordingTests
{
    [Fact]
    public void Models_stopped_by_Ctrl_C_are_not_counted_as_done()
    {
        var host = new CliHost(TextWriter.Null, TextWriter.Null, TextReader.Null, _ => null, errorIsTerminal: false);
        var rows = new ModelRows(host, ["m-1", "m-2", "m-3"]);

        rows.Finish(new ModelResult("m-1", PlanAction.Deploy, ModelOutcome.Cancelled, "ds-1", "IN_PROGRESS", null));
        rows.Finish(new ModelResult("m-2", PlanAction.Deploy, ModelOutcome.NotStarted, null, null, null));
        rows.Finish(new ModelResult("m-3", PlanAction.Deploy, ModelOutcome.Succeeded, "ds-3", "SUCCESS", null));

        rows.Progress.Should().Be("1 of 3 done, 2 stopped");
    }

    [Fact]
    public void Tab_separated_results_line_up_in_columns_on_a_terminal()
    {
        var aligned = TextColumns.Align("model-long-name\tdeployed\tds-1\tSUCCESS\nm\tfailed\t-\tFAILED");

        aligned.Split(Environment.NewLine).Should().Equal(
            "model-long-name  deployed  ds-1  SUCCESS",
            "m                failed    -     FAILED");
    }

    [Fact]
    public async Task A_failed_deploy_on_a_terminal_keeps_its_last_status_line()
    {
        await using var session = await EmulatorSession.StartAsync(TimeSpan.Zero);
        session.Emulator.Faults.FailNextJob("no GPU capacity");
        session.Runner.ErrorIsTerminal = true;

        var run = await session.DeployAsync();

        run.ExitCode.Should().Be(ExitCodes.JobFailed, run.ToString());
        run.Error.Should().MatchRegex(@"deploy cm-test \(job \S+\): FAILED \(", "the live line vanishes with its spinner; the last one is written again");
    }

    [Fact]
    public async Task An_explicit_host_replacing_an_environment_s_is_said_without_a_doubled_quote()
    {
        using var dir = new TempDirectory();
        var manifest = dir.File("kore.json");
        await File.WriteAllTextAsync(manifest, TestSupport.Manifests.For(new Uri("https://staging.example.test"), 1, 50).Replace("\"test\"", "\"staging\"", StringComparison.Ordinal));

        var run = await new ToolRunner().RunAsync("plan", "-f", manifest, "--env", "staging", "--host", "http://127.0.0.1:9/");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Error.Should().Contain("replaces the host of environment 'staging', https://staging.example.test").And.NotContain("''s");
    }
}
