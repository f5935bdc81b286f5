using KoreModelDeploy.Cli.Journal;

namespace KoreModelDeploy.Cli.Tests.Journal;

public sealed class JournalStateTests
{
    [Fact]
    public void An_intent_without_an_id_is_pending_with_no_job_known()
    {
        var state = Replay(Intent("m", "deploy", "fp-1"));

        state.Find("m")!.Pending.Should().Be(new PendingStep(StepCall.Deploy, StepReason.Deploy, "openSource", "fp-1", null));
    }

    [Fact]
    public void A_deploy_that_ended_SUCCESS_leaves_the_model_deployed_with_the_intents_settings()
    {
        var state = Replay(Intent("m", "deploy", "fp-1"), Started("m", "deploy", "ds-1"), Finished("m", "deploy", "ds-1", "SUCCESS"));

        var record = state.Find("m")!;
        record.Pending.Should().BeNull();
        record.Deployed.Should().BeTrue();
        record.EverDeployed.Should().BeTrue();
        record.DeployedFingerprint.Should().Be("fp-1");
        record.LastDockStatusId.Should().Be("ds-1");
    }

    [Fact]
    public void A_redeploy_cut_between_its_undeploy_and_its_deploy_leaves_the_model_undeployed_but_deployed_before()
    {
        var state = Replay(
            Intent("m", "deploy", "fp-1"), Started("m", "deploy", "ds-1"), Finished("m", "deploy", "ds-1", "SUCCESS"),
            Intent("m", "undeploy", null, "redeploy"), Started("m", "undeploy", "ds-2"), Finished("m", "undeploy", "ds-2", "SUCCESS"));

        var record = state.Find("m")!;
        record.Deployed.Should().BeFalse();
        record.EverDeployed.Should().BeTrue();
        record.DeployedFingerprint.Should().BeNull();
    }

    [Fact]
    public void A_failed_deploy_is_remembered_with_its_settings_and_a_failed_undeploy_leaves_the_model_deployed()
    {
        var failedDeploy = Replay(Intent("m", "deploy", "fp-1"), Started("m", "deploy", "ds-1"), Finished("m", "deploy", "ds-1", "FAILED"));
        failedDeploy.Find("m")!.LastFailed.Should().BeTrue();
        failedDeploy.Find("m")!.FailedFingerprint.Should().Be("fp-1");
        failedDeploy.Find("m")!.Deployed.Should().BeFalse();

        var failedUndeploy = Replay(
            Intent("m", "deploy", "fp-1"), Started("m", "deploy", "ds-1"), Finished("m", "deploy", "ds-1", "SUCCESS"),
            Intent("m", "undeploy", null, "prune"), Started("m", "undeploy", "ds-2"), Finished("m", "undeploy", "ds-2", "FAILED"));
        failedUndeploy.Find("m")!.Deployed.Should().BeTrue();
        failedUndeploy.Find("m")!.DeployedFingerprint.Should().Be("fp-1");
    }

    [Fact]
    public void A_call_that_certainly_started_nothing_clears_the_intent_and_so_does_a_resolution_as_not_started()
    {
        Replay(Intent("m", "deploy", "fp-1"), Line("not-started", "m", "deploy")).Find("m")!.Pending.Should().BeNull();
        Replay(Intent("m", "deploy", "fp-1"), Line("resolved", "m", "deploy") with { Resolution = "not-started" }).Find("m")!.Pending.Should().BeNull();
    }

    [Fact]
    public void A_resolution_as_started_gives_the_intent_the_id_a_person_found()
    {
        var state = Replay(Intent("m", "deploy", "fp-1"), Line("resolved", "m", "deploy") with { Resolution = "started", DockStatusId = "ds-9" });

        state.Find("m")!.Pending!.DockStatusId.Should().Be("ds-9");
        state.Find("m")!.Pending!.Fingerprint.Should().Be("fp-1");
    }

    [Fact]
    public void An_undeploy_the_service_answered_as_not_deployed_leaves_the_model_undeployed_but_deployed_before()
    {
        var state = Replay(
            Intent("m", "deploy", "fp-1"), Started("m", "deploy", "ds-1"), Finished("m", "deploy", "ds-1", "SUCCESS"),
            Intent("m", "undeploy", null, "redeploy"), Line("not-deployed", "m", "undeploy") with { Message = "404: Model m is not deployed" });

        var record = state.Find("m")!;
        record.Pending.Should().BeNull();
        record.Deployed.Should().BeFalse();
        record.DeployedFingerprint.Should().BeNull();
        record.EverDeployed.Should().BeTrue("the next deploy still says it was deployed before");
        record.LastFailed.Should().BeFalse();
        record.LastMessage.Should().Contain("not deployed");
    }

    [Fact]
    public void A_forgotten_model_is_as_if_the_journal_never_named_it_until_its_next_step()
    {
        var forgotten = Replay(
            Intent("m", "deploy", "fp-1"), Started("m", "deploy", "ds-1"),
            Intent("n", "deploy", "fp-2"),
            Line("forgotten", "m", "deploy") with { Action = null, Message = "the journal believed: a deploy started (ds-1)" });

        forgotten.Find("m").Should().BeNull();
        forgotten.Models.Select(m => m.ModelId).Should().Equal("n");

        var again = Replay(
            Intent("m", "deploy", "fp-1"), Started("m", "deploy", "ds-1"), Finished("m", "deploy", "ds-1", "SUCCESS"),
            Line("forgotten", "m", "deploy") with { Action = null },
            Intent("m", "deploy", "fp-3"));
        again.Find("m")!.EverDeployed.Should().BeFalse("nothing from before the forget is kept");
        again.Find("m")!.Pending!.Fingerprint.Should().Be("fp-3");
    }

    [Fact]
    public void The_last_rebound_line_is_the_binding_and_no_rebound_leaves_the_header_s()
    {
        Replay(Intent("m", "deploy", "fp-1")).Rebinding.Should().BeNull();

        var state = Replay(
            new JournalEntry { At = default, Event = "rebound", Environment = "staging", Host = "https://one.example.test" },
            Intent("m", "deploy", "fp-1"),
            new JournalEntry { At = default, Event = "rebound", Environment = "prod", Host = "https://two.example.test" });

        state.Rebinding.Should().Be(new JournalBinding("prod", "https://two.example.test"));
        state.Find("m").Should().NotBeNull("a rebound line names no model and changes none");
    }

    [Fact]
    public void A_rebound_line_without_its_environment_or_host_is_damage()
    {
        var act = () => JournalEntries.ToEvent(new JournalEntry { At = default, Event = "rebound", Host = "https://one.example.test" });

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void A_line_of_a_kind_a_later_release_added_changes_nothing_whatever_its_action()
    {
        var state = Replay(Intent("m", "deploy", "fp-1"), Line("audited", "m", "inspect"));

        state.Find("m")!.Pending.Should().Be(new PendingStep(StepCall.Deploy, StepReason.Deploy, "openSource", "fp-1", null));
    }

    /// <summary>Replays lines as a journal file holds them, so what each line means is checked too.</summary>
    private static JournalState Replay(params JournalEntry[] entries) =>
        JournalState.From(entries.Select(JournalEntries.ToEvent).OfType<JournalEvent>());

    private static JournalEntry Line(string kind, string modelId, string action) => new() { At = default, Event = kind, ModelId = modelId, Action = action };

    private static JournalEntry Intent(string modelId, string action, string? fingerprint, string? reason = null) =>
        Line("intent", modelId, action) with { Reason = reason ?? action, Fingerprint = fingerprint, ModelType = fingerprint is null ? null : "openSource" };

    private static JournalEntry Started(string modelId, string action, string id) => Line("started", modelId, action) with { DockStatusId = id };

    private static JournalEntry Finished(string modelId, string action, string id, string status) => Line("finished", modelId, action) with { DockStatusId = id, Status = status };
}
