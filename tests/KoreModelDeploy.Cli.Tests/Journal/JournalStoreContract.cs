using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Tests.Journal;

/// <summary>
/// What every journal store promises <see cref="DeploymentJournal"/>: a store of another kind derives from this class,
/// says how to make a store for one fresh journal, and passes the same tests.
/// </summary>
public abstract class JournalStoreContract
{
    /// <summary>The environment and host a store is made for, unless a test says otherwise.</summary>
    protected const string Environment = "prod";

    /// <summary>The host jobs of <see cref="Environment"/> run on.</summary>
    protected static readonly Uri Host = new("https://prod.example.test/");

    /// <summary>Every kind of event, as apply records them, with every member set.</summary>
    private static readonly JournalEvent[] EveryKind =
    [
        new JournalEvent.Intent("m-1", StepCall.Deploy, StepReason.Deploy, "openSource", "fp-1", false),
        new JournalEvent.Started("m-1", StepCall.Deploy, "ds-1"),
        new JournalEvent.Finished("m-1", StepCall.Deploy, "ds-1", DockJobStatus.Success, "deployed"),
        new JournalEvent.Intent("m-1", StepCall.Undeploy, StepReason.Redeploy),
        new JournalEvent.NotStarted("m-1", StepCall.Undeploy, "refused: HTTP 400"),
        new JournalEvent.Intent("m-2", StepCall.Deploy, StepReason.Retry, "fineTune", "fp-2", true),
        new JournalEvent.Resolved("m-2", StepCall.Deploy, JobExists: true, "ds-7"),
        new JournalEvent.Finished("m-2", StepCall.Deploy, "ds-7", DockJobStatus.Failed, "out of capacity"),
        new JournalEvent.Intent("m-3", StepCall.Undeploy, StepReason.Prune),
        new JournalEvent.Resolved("m-3", StepCall.Undeploy, JobExists: false, null),
        new JournalEvent.Intent("m-4", StepCall.Undeploy, StepReason.Prune),
        new JournalEvent.NotDeployed("m-4", StepCall.Undeploy, "the service answered the undeploy with 404 (Model m-4 is not deployed)"),
        new JournalEvent.Forgotten("m-3", "the journal believed: not deployed"),
        new JournalEvent.Rebound(Environment, KoreModelDeploy.Cli.Configuration.HostSetting.Display(Host)),
        new JournalEvent.Moved("postgres://deploy@db.example.test:5432/kore?sslmode=verify-full"),
    ];

    /// <summary>A store for this test's one journal; each call gives another handle on the same journal.</summary>
    private protected abstract IJournalStore Store(string environment = Environment, Uri? host = null);

    [Fact]
    public void A_journal_never_created_reads_as_none()
    {
        Store().Read().Should().BeNull();
    }

    [Fact]
    public void Opening_a_journal_that_does_not_exist_is_refused_without_init_and_creates_nothing()
    {
        var open = () => Store().Open(init: false);

        open.Should().Throw<JournalException>().Which.Message.Should().Contain("--init");
        Store().Read().Should().BeNull();
    }

    [Fact]
    public void Init_creates_the_journal_once()
    {
        using (var first = Store().Open(init: true))
        {
            first.Created.Should().BeTrue();
            first.Contents.Events.Should().BeEmpty();
        }

        using var second = Store().Open(init: true);
        second.Created.Should().BeFalse("the journal exists now");
        Store().Read().Should().NotBeNull();
    }

    [Fact]
    public void Every_kind_of_event_is_read_back_equal_and_in_order_by_a_plan_and_by_the_next_apply()
    {
        using (var session = Store().Open(init: true))
        {
            foreach (var journalEvent in EveryKind)
            {
                session.Append(journalEvent);
            }
        }

        Store().Read()!.Events.Should().Equal(EveryKind);
        using var next = Store().Open(init: false);
        next.Contents.Events.Should().Equal(EveryKind);
    }

    [Fact]
    public void An_event_appended_with_its_original_time_reads_back_with_that_time()
    {
        var original = new DateTimeOffset(2026, 3, 1, 12, 30, 15, 123, TimeSpan.Zero);
        using (var session = Store().Open(init: true))
        {
            session.Append(EveryKind[0], original);
            session.Append(EveryKind[1]);
        }

        var read = Store().Read()!;

        read.RecordedAt[0].Should().Be(original, "a copy keeps each event's time");
        read.RecordedAt[1].Should().BeAfter(original, "an event appended without one is stamped now");
    }

    [Fact]
    public void A_second_apply_is_kept_off_the_journal_until_the_first_releases_it()
    {
        var first = Store().Open(init: true);
        var second = () => Store().Open(init: false);

        second.Should().Throw<JournalException>().Which.Message.Should().Contain("held");

        first.Dispose();
        using var after = second();
        after.Created.Should().BeFalse();
    }

    [Fact]
    public void A_plan_reads_without_the_lock_and_sees_every_event_already_appended()
    {
        using var session = Store().Open(init: true);
        session.Append(EveryKind[0]);
        session.Append(EveryKind[1]);

        Store().Read()!.Events.Should().Equal(EveryKind[0], EveryKind[1]);
    }

    [Fact]
    public void A_journal_of_another_environment_or_host_is_refused_by_apply_and_plan()
    {
        using (Store().Open(init: true))
        {
        }

        foreach (var other in new[] { Store(environment: "staging"), Store(host: new Uri("https://elsewhere.example.test/")) })
        {
            other.Invoking(s => s.Open(init: false)).Should().Throw<JournalException>();
            other.Invoking(s => s.Read()).Should().Throw<JournalException>();
        }
    }

    [Fact]
    public void Each_recorded_event_is_in_the_store_and_in_the_state_at_once_and_both_agree()
    {
        using var journal = DeploymentJournal.Open(Store(), init: true);

        foreach (var journalEvent in EveryKind)
        {
            journal.Record(journalEvent);
            var stored = Store().Read()!;
            stored.Events[^1].Should().Be(journalEvent, "the event is in the store when Record returns");
            journal.State.Models.Should().BeEquivalentTo(stored.State.Models, "the state is what the store holds");
        }

        journal.State.Find("m-1")!.Pending.Should().BeNull();
        journal.State.Find("m-1")!.Deployed.Should().BeTrue("the redeploy's undeploy started nothing");
        journal.State.Find("m-2")!.LastFailed.Should().BeTrue();
        journal.State.Find("m-3").Should().BeNull("it was forgotten");
        journal.State.Find("m-4")!.Deployed.Should().BeFalse("the service said it was not deployed");
        journal.State.Find("m-4")!.Pending.Should().BeNull();
    }

    [Fact]
    public void A_rebound_event_replaces_the_headers_binding_for_apply_and_plan()
    {
        var other = new Uri("https://right.example.test/");
        using (var created = Store().Open(init: true))
        {
        }

        using (var rebinding = Store(environment: "staging", host: other).Open(init: false, rebinding: true))
        {
            rebinding.Contents.Binding.Should().Be(new JournalBinding(Environment, "https://prod.example.test"));
            rebinding.Append(new JournalEvent.Rebound("staging", "https://right.example.test"));
        }

        Store(environment: "staging", host: other).Read()!.Binding.Should().Be(new JournalBinding("staging", "https://right.example.test"));
        using (Store(environment: "staging", host: other).Open(init: false))
        {
        }

        Store().Invoking(s => s.Read()).Should().Throw<JournalException>().Which.Message.Should().Contain("journal rebind");
        Store().Invoking(s => s.Open(init: false)).Should().Throw<JournalException>();
    }
}
