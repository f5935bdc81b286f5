using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Interaction;

/// <summary>With <c>GITHUB_ACTIONS=true</c>: the key masked first, a group per job, outputs and a summary row, errors annotated; all on stderr.</summary>
public sealed class GitHubActionsTests
{
    private static async Task<(EmulatorSession Session, string Output, string Summary)> StartAsync()
    {
        var session = await EmulatorSession.StartAsync();
        var output = session.Files.PathOf("github_output");
        var summary = session.Files.PathOf("step_summary");
        session.Runner.Environment["GITHUB_ACTIONS"] = "true";
        session.Runner.Environment["GITHUB_OUTPUT"] = output;
        session.Runner.Environment["GITHUB_STEP_SUMMARY"] = summary;
        return (session, output, summary);
    }

    [Fact]
    public async Task A_deploy_masks_the_key_first_groups_its_lines_and_writes_outputs_and_a_summary_row()
    {
        var (session, output, summary) = await StartAsync();
        await using var _ = session;

        var run = await session.DeployAsync("-o", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("::add-mask::" + EmulatorSession.ApiKey, "the key is masked before anything else is printed");
        lines.Should().Contain("::group::deploy cm-test").And.Contain("::endgroup::");
        run.Out.Should().NotContain("::", "workflow commands never go to stdout");

        var id = run.Json.GetProperty("dockStatusId").GetString();
        File.ReadAllText(output).Should().Be($"dock_status_id={id}\nstatus=SUCCESS\n");
        var table = File.ReadAllLines(summary).Where(l => l.Length > 0).ToList();
        table[0].Should().Be("### kore-deploy", "a summary shared with other steps says whose table this is");
        table[1].Should().Be("| command | model | dock status id | status | time | exit |");
        table[3].Should().StartWith($"| deploy | cm-test | {id} | SUCCESS | ").And.EndWith(" | 0 |");
    }

    [Fact]
    public async Task A_second_command_appends_a_row_under_the_same_header()
    {
        var (session, output, summary) = await StartAsync();
        await using var _ = session;

        var id = (await session.DeployAsync("--no-wait")).Out.Trim();
        (await session.Runner.RunAsync(["wait", id, .. EmulatorSession.FastPolling])).ExitCode.Should().Be(0);

        var table = File.ReadAllLines(summary).Where(l => l.Length > 0).ToList();
        table.Count(l => l.StartsWith("| command |", StringComparison.Ordinal)).Should().Be(1);
        table.Should().HaveCount(5);
        table[4].Should().StartWith($"| wait | cm-test | {id} | SUCCESS |", "the model comes from the status read");
        File.ReadAllText(output).Should().Be($"dock_status_id={id}\nstatus=IN_PROGRESS\ndock_status_id={id}\nstatus=SUCCESS\n");
    }

    [Fact]
    public async Task A_failure_is_annotated_as_an_error_with_the_reason()
    {
        var (session, output, summary) = await StartAsync();
        await using var _ = session;
        session.Emulator.Faults.FailNextJob("GPU quota exceeded");

        var run = await session.DeployAsync();

        run.ExitCode.Should().Be(ExitCodes.JobFailed);
        run.Error.Should().MatchRegex(@"::error title=kore-deploy deploy::job ds-[^ ]+ FAILED: GPU quota exceeded");
        File.ReadAllText(output).Should().EndWith("status=FAILED\n");
        File.ReadAllText(summary).Should().Contain(" | FAILED: GPU quota exceeded | ").And.Contain(" | 2 |");
        run.Out.Should().NotContain("::");
    }

    [Fact]
    public async Task A_reason_with_a_line_break_or_percent_sign_stays_one_escaped_workflow_command()
    {
        var (session, _, summary) = await StartAsync();
        await using var _ = session;
        session.Emulator.Faults.FailNextJob("quota 100% used\nretry later");

        var run = await session.DeployAsync();

        run.ExitCode.Should().Be(ExitCodes.JobFailed);
        var error = run.Error.Split('\n').Single(l => l.StartsWith("::error ", StringComparison.Ordinal));
        error.Should().EndWith("FAILED: quota 100%25 used%0Aretry later");
        File.ReadAllText(summary).Should().Contain("| FAILED: quota 100% used retry later |", "a table cell stays on one line");
    }

    [Fact]
    public async Task An_output_file_that_cannot_be_written_is_a_warning_and_the_outcome_stands()
    {
        var (session, _, _) = await StartAsync();
        await using var _ = session;
        session.Runner.Environment["GITHUB_OUTPUT"] = session.Files.PathOf("no-such-folder/output");

        var run = await session.DeployAsync();

        run.ExitCode.Should().Be(0, run.ToString());
        run.Error.Should().Contain("warning: cannot write GitHub Actions' output or summary file");
    }

    [Fact]
    public async Task A_refused_request_s_annotation_lists_every_broken_rule_and_its_summary_row_gives_the_reason()
    {
        var (session, _, summary) = await StartAsync();
        await using var _ = session;
        var file = session.Files.Write("bad.json", """{"name":"m","hyperParameters":{"temperature":9,"maxTokens":512,"topP":1,"topK":500},"deviceType":"g5.xlarge"}""");

        var run = await session.Runner.RunAsync("deploy", "cm-test", "--type", "openSource", "--file", file);

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        var error = run.Error.Split('\n').Single(l => l.StartsWith("::error ", StringComparison.Ordinal));
        error.Should().Contain("%0AhyperParameters.temperature: ").And.Contain("%0AhyperParameters.topK: ");
        var row = File.ReadAllLines(summary).Single(l => l.StartsWith("| deploy |", StringComparison.Ordinal));
        row.Should().Contain("| the request breaks 2 rules; nothing was sent |").And.NotContain("| -: ");
    }
}
