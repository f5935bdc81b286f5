using System.Text.Json;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary>
/// <c>plan --save-plan</c> and <c>apply --plan</c>: apply carries out exactly the approved steps, or refuses, sending
/// nothing, once the manifest, the host or the journal has moved.
/// </summary>
public sealed class SavedPlanTests : EmulatorManifestTest
{
    private string PlanPath => Dir.File("plan.json");

    [Fact]
    public async Task A_saved_plan_is_applied_as_it_is_without_a_question_and_holds_no_secret()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 2));
        (await Apply(null, "--init", "-f", ManifestPath, "--env", "test")).ExitCode.Should().Be(0);
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, [("model-01", 40), ("model-02", 50), ("model-03", 50)]));

        var plan = await Plan("--save-plan", PlanPath);
        plan.ExitCode.Should().Be(0, plan.ToString());
        plan.Error.Should().Contain("apply --plan");
        var saved = await File.ReadAllTextAsync(PlanPath);
        saved.Should().NotContain(Emulator.Emulator.ApiKey);
        using (var document = JsonDocument.Parse(saved))
        {
            var models = document.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("modelId").GetString()!);
            models["model-01"].GetProperty("action").GetString().Should().Be("redeploy");
            models["model-03"].GetProperty("request").GetProperty("hyperParameters").GetProperty("topK").GetInt32().Should().Be(50);
            document.RootElement.GetProperty("journalPosition").GetProperty("events").GetInt32().Should().Be(6);
        }

        // On a terminal: the plan was the approval, so nothing is asked (an empty stdin would refuse).
        var applied = await Apply(terminalAnswer: "", "--plan", PlanPath);

        applied.ExitCode.Should().Be(0, applied.ToString());
        applied.Error.Should().NotContain("Only 'yes'");
        applied.Outcome("model-01").Should().Be("redeployed");
        applied.Outcome("model-02").Should().Be("unchanged");
        applied.Outcome("model-03").Should().Be("deployed");
        Emulator.DeployPosts.Should().Be(4);
        Emulator.UndeployPosts.Should().Be(1);
    }

    [Fact]
    public async Task A_plan_saved_before_the_first_apply_is_applied_with_init()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        (await Plan("--save-plan", PlanPath)).ExitCode.Should().Be(0);

        var applied = await Apply(null, "--plan", PlanPath, "--init");

        applied.ExitCode.Should().Be(0, applied.ToString());
        Emulator.DeployPosts.Should().Be(1);
    }

    [Fact]
    public async Task A_changed_manifest_refuses_the_plan_and_sends_nothing()
    {
        await SavedAfterFirstApply();
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1, topK: 30));

        var run = await Apply(null, "--plan", PlanPath);

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.Json.GetProperty("reason").GetString().Should().Contain("stale").And.Contain("manifest").And.Contain("nothing was sent");
        Emulator.DeployPosts.Should().Be(1, "only the first apply's");
    }

    [Fact]
    public async Task A_journal_that_moved_refuses_the_plan_and_sends_nothing()
    {
        await SavedAfterFirstApply();
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1, topK: 40));
        (await Apply(null, "-f", ManifestPath, "--env", "test")).ExitCode.Should().Be(0, "another apply ran meanwhile");
        // The manifest is the plan's again: only the journal has moved.
        await File.WriteAllTextAsync(ManifestPath, await File.ReadAllTextAsync(PlanPath + ".manifest"));
        var posts = Emulator.DeployPosts;

        var run = await Apply(null, "--plan", PlanPath);

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.Json.GetProperty("reason").GetString().Should().Contain("stale").And.Contain("journal");
        Emulator.DeployPosts.Should().Be(posts);
    }

    [Fact]
    public async Task Another_host_refuses_the_plan_and_sends_nothing()
    {
        await SavedAfterFirstApply();
        await using var other = await EmulatorFixture.StartAsync();

        var run = await Apply(null, "--plan", PlanPath, "--host", other.Host.ToString());

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        // The journal belongs to the plan's host, so it is refused first; either way nothing is sent.
        run.Json.GetProperty("reason").GetString().Should().Contain("host").And.Contain(other.Host.ToString().TrimEnd('/'));
        other.DeployPosts.Should().Be(0);
        Emulator.DeployPosts.Should().Be(1);
    }

    [Theory]
    [InlineData("-f", "kore.json")]
    [InlineData("--env", "test")]
    [InlineData("--prune", null)]
    [InlineData("--retry-failed", null)]
    [InlineData("--resolve", "model-01=not-started")]
    public async Task What_would_change_the_plan_cannot_be_given_beside_it(string option, string? value)
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        (await Plan("--save-plan", PlanPath)).ExitCode.Should().Be(0);
        string[] extra = value is null ? [option] : [option, value == "kore.json" ? ManifestPath : value];

        var run = await Apply(null, ["--plan", PlanPath, "--init", .. extra]);

        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        run.ToString().Should().Contain("cannot be given with --plan");
        Emulator.DeployPosts.Should().Be(0);
    }

    [Theory]
    [InlineData("journal")]
    [InlineData("manifest")]
    public async Task Save_plan_never_replaces_a_file_that_is_not_a_saved_plan(string which)
    {
        await SavedAfterFirstApply();
        var target = which == "journal" ? JournalPath : ManifestPath;
        var before = await File.ReadAllBytesAsync(target);

        var run = await Plan("--save-plan", target, "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.ToString().Should().Contain("not a saved plan");
        (await File.ReadAllBytesAsync(target)).Should().Equal(before);
        (await Plan("--save-plan", PlanPath)).ExitCode.Should().Be(0, "a saved plan may be replaced by the next one");
    }

    [Fact]
    public async Task A_plan_made_with_a_journal_is_refused_with_init_when_the_journal_is_gone_and_none_is_created()
    {
        await SavedAfterFirstApply();
        File.Delete(JournalPath);

        var run = await Apply(null, "--plan", PlanPath, "--init");

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.Json.GetProperty("reason").GetString().Should().Contain("journal");
        File.Exists(JournalPath).Should().BeFalse("a stale plan writes nothing, not even --init's header");
        Emulator.DeployPosts.Should().Be(1);
    }

    [Theory]
    [InlineData("host")]
    [InlineData("request")]
    [InlineData("null")]
    public async Task A_plan_changed_by_hand_after_review_is_refused_and_nothing_is_sent(string edit)
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        (await Plan("--save-plan", PlanPath)).ExitCode.Should().Be(0);
        await using var other = await EmulatorFixture.StartAsync();
        var plan = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(PlanPath))!.AsObject();
        switch (edit)
        {
            case "host":
                plan["host"] = other.Host.ToString();
                break;
            case "request":
                plan["models"]![0]!["request"]!["hyperParameters"]!["topK"] = 7;
                break;
            default:
                plan["journalPosition"] = null;
                break;
        }

        await File.WriteAllTextAsync(PlanPath, plan.ToJsonString());

        var run = await Apply(null, "--plan", PlanPath, "--init");

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.ToString().Should().NotContain("unexpected error");
        other.DeployPosts.Should().Be(0);
        Emulator.DeployPosts.Should().Be(0);
    }

    [Fact]
    public async Task Without_a_plan_the_manifest_and_environment_are_still_required()
    {
        var run = await Apply(null);

        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        run.ToString().Should().Contain("--file").And.Contain("--env");
    }

    [Fact]
    public async Task A_file_that_is_not_a_saved_plan_is_refused_naming_it()
    {
        await File.WriteAllTextAsync(PlanPath, """{"format":"something-else"}""");

        var run = await Apply(null, "--plan", PlanPath);

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.ToString().Should().Contain(PlanPath);
        Emulator.DeployPosts.Should().Be(0);
    }

    /// <summary>One model deployed, then a redeploy planned and saved; the manifest the plan was made from is kept beside it.</summary>
    private async Task SavedAfterFirstApply()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        (await Apply(null, "--init", "-f", ManifestPath, "--env", "test")).ExitCode.Should().Be(0);
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1, topK: 45));
        File.Copy(ManifestPath, PlanPath + ".manifest");
        (await Plan("--save-plan", PlanPath)).ExitCode.Should().Be(0);
    }

    private Task<ToolRun> Plan(params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["plan", "-f", ManifestPath, "--env", "test", .. extra]);

    /// <summary>apply; on a terminal answering <paramref name="terminalAnswer"/> when it is not <see langword="null"/>.</summary>
    private Task<ToolRun> Apply(string? terminalAnswer, params string[] extra)
    {
        var runner = ModelEntries.Runner(Emulator.ToolEnvironment);
        runner.InIsTerminal = terminalAnswer is not null;
        runner.ErrorIsTerminal = terminalAnswer is not null;
        runner.Stdin = terminalAnswer ?? string.Empty;
        runner.Environment["NO_COLOR"] = "1";
        return runner.RunAsync(["apply", "--poll-delay", "10ms", "--poll-max-delay", "20ms", "-o", "json", .. extra]);
    }
}
