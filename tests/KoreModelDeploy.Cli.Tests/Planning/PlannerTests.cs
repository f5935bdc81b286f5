using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Manifests;
using KoreModelDeploy.Cli.Planning;

namespace KoreModelDeploy.Cli.Tests.Planning;

public sealed class PlannerTests
{
    private static readonly ResolvedModel Model = new(
        "m", "openSource", KoreModelDeployJson.ParseDeployModelRequest(VendorSampleJson.OpenSourceRequest), "fp-now", "{}");

    private static readonly ResolvedEnvironment Environment = new("prod", new Uri("https://prod.example.test"), [Model]);

    [Fact]
    public void A_model_the_journal_never_saw_is_deployed_with_the_flag_false()
    {
        var plan = Planner.Create(Environment, null, new PlanOptions()).Models.Single();

        plan.Action.Should().Be(PlanAction.Deploy);
        plan.Steps.Should().Equal(new PlannedStep(StepCall.Deploy, StepReason.Deploy, false));
    }

    [Fact]
    public void Same_settings_as_the_last_SUCCESS_is_unchanged_and_changed_settings_are_an_undeploy_then_a_deploy_as_previously_deployed()
    {
        Planner.Create(Environment, Deployed("fp-now"), new PlanOptions()).Models.Single().Action.Should().Be(PlanAction.Unchanged);

        var redeploy = Planner.Create(Environment, Deployed("fp-before"), new PlanOptions()).Models.Single();

        redeploy.Action.Should().Be(PlanAction.Redeploy);
        redeploy.Steps.Should().Equal(new PlannedStep(StepCall.Undeploy, StepReason.Redeploy), new PlannedStep(StepCall.Deploy, StepReason.Redeploy, true));
    }

    [Fact]
    public void A_recorded_id_is_waited_on_and_never_deployed_again()
    {
        var journal = State(Line("intent", "deploy") with { Fingerprint = "fp-now" }, Line("started", "deploy") with { DockStatusId = "ds-1" });

        var plan = Planner.Create(Environment, journal, new PlanOptions { RetryFailed = true }).Models.Single();

        plan.Action.Should().Be(PlanAction.Resume);
        plan.Steps.Should().Equal(new PlannedStep(StepCall.Deploy, StepReason.Deploy, ResumeDockStatusId: "ds-1"));
    }

    [Fact]
    public void The_undeploy_half_of_a_redeploy_is_waited_on_then_the_deploy_follows()
    {
        var journal = Deployed("fp-before");
        journal.Replay(Event(Line("intent", "undeploy") with { Reason = "redeploy" }));
        journal.Replay(Event(Line("started", "undeploy") with { DockStatusId = "ds-2" }));

        var plan = Planner.Create(Environment, journal, new PlanOptions()).Models.Single();

        plan.Steps.Should().Equal(new PlannedStep(StepCall.Undeploy, StepReason.Redeploy, ResumeDockStatusId: "ds-2"), new PlannedStep(StepCall.Deploy, StepReason.Redeploy, true));
    }

    [Fact]
    public void A_resumed_undeploy_is_said_with_an_not_a()
    {
        var journal = Deployed("fp-before");
        journal.Replay(Event(Line("intent", "undeploy") with { Reason = "redeploy" }));
        journal.Replay(Event(Line("started", "undeploy") with { DockStatusId = "ds-2" }));

        var plan = Planner.Create(Environment, journal, new PlanOptions()).Models.Single();

        plan.Detail.Should().StartWith("an undeploy started earlier (ds-2)");
    }

    [Fact]
    public void An_intent_without_an_id_is_unknown_sends_nothing_and_names_the_flag_that_resolves_it()
    {
        var plan = Planner.Create(Environment, State(Line("intent", "deploy")), new PlanOptions { RetryFailed = true }).Models.Single();

        plan.Action.Should().Be(PlanAction.Unknown);
        plan.Steps.Should().BeEmpty();
        plan.Detail.Should().Contain("--resolve m=started:<dockStatusId>").And.Contain("--resolve m=not-started");
    }

    [Fact]
    public void A_FAILED_model_is_deployed_again_only_with_retry_failed()
    {
        var journal = State(Line("intent", "deploy") with { Fingerprint = "fp-now" }, Line("started", "deploy") with { DockStatusId = "ds-1" },
            Line("finished", "deploy") with { DockStatusId = "ds-1", Status = "FAILED", Message = "no GPU left" });

        var reported = Planner.Create(Environment, journal, new PlanOptions()).Models.Single();
        var retried = Planner.Create(Environment, journal, new PlanOptions { RetryFailed = true }).Models.Single();

        reported.Action.Should().Be(PlanAction.Failed);
        reported.Steps.Should().BeEmpty();
        reported.Detail.Should().Contain("no GPU left").And.Contain("--retry-failed");
        retried.Steps.Should().Equal(new PlannedStep(StepCall.Deploy, StepReason.Retry, false));
    }

    [Fact]
    public void Prune_touches_only_models_the_journal_holds_as_deployed_and_only_when_asked()
    {
        var journal = Deployed("fp-now");
        foreach (var entry in new[]
        {
            Line("intent", "deploy", "gone") with { Fingerprint = "x" }, Line("started", "deploy", "gone") with { DockStatusId = "ds-g" },
            Line("finished", "deploy", "gone") with { DockStatusId = "ds-g", Status = "SUCCESS" },
            Line("intent", "deploy", "never-succeeded"), Line("not-started", "deploy", "never-succeeded"),
        })
        {
            journal.Replay(Event(entry));
        }

        var candidates = Planner.Create(Environment, journal, new PlanOptions());
        var pruning = Planner.Create(Environment, journal, new PlanOptions { Prune = true });

        candidates.Models.Select(m => (m.ModelId, m.Action, m.Steps.Count)).Should().Equal(("m", PlanAction.Unchanged, 0), ("gone", PlanAction.Prune, 0));
        candidates.HasChanges.Should().BeFalse("a prune candidate left alone is nothing apply would do");
        pruning.Models.Single(m => m.ModelId == "gone").Steps.Should().Equal(new PlannedStep(StepCall.Undeploy, StepReason.Prune));
        pruning.HasChanges.Should().BeTrue();
    }

    [Fact]
    public void A_plan_has_changes_when_there_is_a_step_to_take_or_a_model_to_look_at()
    {
        Planner.Create(Environment, Deployed("fp-now"), new PlanOptions()).HasChanges.Should().BeFalse();
        Planner.Create(Environment, null, new PlanOptions()).HasChanges.Should().BeTrue();
        Planner.Create(Environment, State(Line("intent", "deploy")), new PlanOptions()).HasChanges.Should().BeTrue("an unknown model needs a person");
    }

    [Theory]
    [InlineData("m=not-started", "m", null)]
    [InlineData("m=started:ds-1", "m", "ds-1")]
    [InlineData("a=b=started:ds-1", "a=b", "ds-1")]
    [InlineData("a=b=not-started", "a=b", null)]
    [InlineData("m=started:x=y", "m", "x=y")]
    [InlineData("m=started:", null, null)]
    [InlineData("m", null, null)]
    [InlineData("=not-started", null, null)]
    public void Resolve_reads_a_model_and_what_a_person_found(string text, string? modelId, string? dockStatusId)
    {
        var ok = Resolution.TryParse(text, out var resolution, out var error);

        ok.Should().Be(modelId is not null);
        if (ok)
        {
            resolution.Should().Be(new Resolution(modelId!, dockStatusId));
        }
        else
        {
            error.Should().Contain("MODEL=not-started or MODEL=started:DOCK_STATUS_ID");
        }
    }

    private static JournalEntry Line(string kind, string action, string modelId = "m") => new() { At = default, Event = kind, ModelId = modelId, Action = action };

    private static JournalState State(params JournalEntry[] entries)
    {
        var state = new JournalState();
        foreach (var entry in entries)
        {
            state.Replay(Event(entry));
        }

        return state;
    }

    private static JournalState Deployed(string fingerprint) => State(
        Line("intent", "deploy") with { Fingerprint = fingerprint },
        Line("started", "deploy") with { DockStatusId = "ds-0" },
        Line("finished", "deploy") with { DockStatusId = "ds-0", Status = "SUCCESS" });

    /// <summary>What a journal line means, as a journal file's reader takes it.</summary>
    private static JournalEvent Event(JournalEntry entry) => JournalEntries.ToEvent(entry)!;
}
