using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary>
/// On a terminal apply shows the plan and asks first: only <c>yes</c> goes ahead; anything else, or the end of input,
/// sends nothing and leaves the journal as it was. Pipelines (stdin not a terminal, <c>CI</c> set) and <c>--yes</c>
/// never ask.
/// </summary>
public sealed class ApplyConfirmationTests : EmulatorManifestTest
{
    private const string Question = "Apply this plan? Only 'yes' goes ahead";

    [Fact]
    public async Task Yes_applies_the_plan_it_showed()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 2));

        var run = await Apply(answer: "yes\n", "--init");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Error.Should().Contain("deploy    model-01").And.Contain(Question);
        run.Error.IndexOf("deploy    model-02", StringComparison.Ordinal).Should().BeLessThan(run.Error.IndexOf(Question, StringComparison.Ordinal), "the plan is shown before the question");
        Emulator.DeployPosts.Should().Be(2);
    }

    [Theory]
    [InlineData("no\n")]
    [InlineData("y\n")]
    [InlineData("YES please\n")]
    [InlineData("")]
    public async Task Anything_but_yes_or_the_end_of_input_sends_nothing_and_creates_no_journal(string answer)
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));

        var run = await Apply(answer, "--init");

        run.ExitCode.Should().Be(ExitCodes.Cancelled, run.ToString());
        run.Error.Should().Contain(Question).And.Contain("apply cancelled; nothing changed");
        Emulator.DeployPosts.Should().Be(0);
        File.Exists(JournalPath).Should().BeFalse("--init writes nothing before the answer");
    }

    [Fact]
    public async Task A_refused_redeploy_leaves_every_byte_of_the_journal_and_a_resolve_unrecorded()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, [("model-01", 50), ("model-02", 50)]));
        (await Apply(answer: null, "--init")).ExitCode.Should().Be(0);
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, [("model-01", 40), ("model-02", 50)]));
        var before = await File.ReadAllBytesAsync(JournalPath);

        var run = await Apply("no\n");

        run.ExitCode.Should().Be(ExitCodes.Cancelled, run.ToString());
        run.Error.Should().Contain("redeploy  model-01").And.Contain("undeploy, wait, deploy").And.Contain("~ hyperParameters.topK: 50 → 40");
        (await File.ReadAllBytesAsync(JournalPath)).Should().Equal(before);
        Emulator.UndeployPosts.Should().Be(0);
    }

    [Fact]
    public async Task Yes_flag_CI_and_a_stdin_that_is_not_a_terminal_never_ask()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        (await Apply(answer: "", "--init", "--yes")).Error.Should().NotContain(Question);

        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1, topK: 40));
        var runner = Runner(inIsTerminal: true, "");
        runner.Environment["CI"] = "true";
        var inCi = await runner.RunAsync(ApplyArguments());
        inCi.ExitCode.Should().Be(0, inCi.ToString());
        inCi.Error.Should().NotContain(Question);

        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1, topK: 30));
        var piped = await Runner(inIsTerminal: false, "").RunAsync(ApplyArguments());
        piped.ExitCode.Should().Be(0, piped.ToString());
        piped.Error.Should().NotContain(Question);
        Emulator.DeployPosts.Should().Be(3);
    }

    [Fact]
    public async Task Quiet_still_shows_the_plan_it_asks_about()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));

        var run = await Apply("no\n", "--init", "-q");

        run.ExitCode.Should().Be(ExitCodes.Cancelled, run.ToString());
        run.Error.Should().Contain("deploy    model-01").And.Contain(Question);
    }

    [Fact]
    public async Task An_empty_journal_cut_off_while_being_created_is_completed_by_init_after_yes()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        await File.WriteAllTextAsync(JournalPath, string.Empty);

        var run = await Apply("yes\n", "--init");

        run.ExitCode.Should().Be(0, run.ToString());
        Emulator.DeployPosts.Should().Be(1);
    }

    [Fact]
    public async Task Nothing_to_do_asks_nothing()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        (await Apply(answer: null, "--init")).ExitCode.Should().Be(0);

        var run = await Apply(answer: "");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Error.Should().NotContain(Question);
    }

    /// <summary>apply on a terminal answering <paramref name="answer"/>; <see langword="null"/>: stdin not a terminal.</summary>
    private Task<ToolRun> Apply(string? answer, params string[] extra) =>
        Runner(answer is not null, answer ?? string.Empty).RunAsync(ApplyArguments(extra));

    private string[] ApplyArguments(params string[] extra) =>
        ["apply", "-f", ManifestPath, "--env", "test", "--poll-delay", "10ms", "--poll-max-delay", "20ms", .. extra];

    private ToolRunner Runner(bool inIsTerminal, string stdin)
    {
        var runner = ModelEntries.Runner(Emulator.ToolEnvironment);
        runner.InIsTerminal = inIsTerminal;
        runner.ErrorIsTerminal = inIsTerminal;
        runner.Stdin = stdin;
        runner.Environment["NO_COLOR"] = "1";
        return runner;
    }
}
