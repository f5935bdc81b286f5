using KoreModelDeploy.Cli.Journal;

namespace KoreModelDeploy.Cli.Tests.Journal;

public sealed class DeploymentJournalTests
{
    [Fact]
    public void An_event_the_store_refuses_leaves_the_state_as_it_was()
    {
        var store = new RefusingStore();
        using var journal = DeploymentJournal.Open(store, init: true);
        journal.Record(new JournalEvent.Intent("m-1", StepCall.Deploy, StepReason.Deploy, "openSource", "fp-1"));

        store.Refuse = true;
        var started = () => journal.Record(new JournalEvent.Started("m-1", StepCall.Deploy, "ds-1"));

        started.Should().Throw<JournalException>();
        journal.State.Find("m-1")!.Pending!.DockStatusId.Should().BeNull("an event that is not in the store is not in the state either");
    }

    [Fact]
    public void The_state_starts_as_the_store_held_it_when_opened()
    {
        var store = new RefusingStore();
        store.Held.Add(new JournalEvent.Intent("m-1", StepCall.Deploy, StepReason.Deploy, "openSource", "fp-1"));

        using var journal = DeploymentJournal.Open(store, init: false);

        journal.State.Find("m-1")!.Pending.Should().NotBeNull();
    }

    /// <summary>A store in memory that refuses appends when told to, as a full disk would.</summary>
    private sealed class RefusingStore : IJournalStore
    {
        public List<JournalEvent> Held { get; } = [];

        public bool Refuse { get; set; }

        public string Location => "memory";

        public JournalContents? Read() => throw new NotSupportedException();

        public IJournalSession Open(bool init, bool rebinding = false) => new Session(this);

        private sealed class Session(RefusingStore store) : IJournalSession
        {
            public string Location => store.Location;

            public JournalContents Contents { get; } = JournalContents.Of("prod", new Uri("https://prod.example.test/"), store.Held);

            public bool Created => false;

            public CancellationToken Lost => CancellationToken.None;

            public void Append(JournalEvent journalEvent, DateTimeOffset? recordedAt = null)
            {
                if (store.Refuse)
                {
                    throw new JournalException("the disk is full");
                }

                store.Held.Add(journalEvent);
            }

            public void Dispose()
            {
            }
        }
    }
}
