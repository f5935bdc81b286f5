using KoreModelDeploy.Cli.Journal;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// A journal store in memory whose lock the test takes away (<see cref="Lose"/>), as a database session that ended or a
/// lease that failed to renew. Once lost, its session refuses every append, as the PostgreSQL store's does.
/// </summary>
internal sealed class LosableJournalStore(string environment, Uri host) : IJournalStore, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<JournalEvent> _events = [];
    private readonly CancellationTokenSource _lost = new();

    public string Location => "memory://journal-of-" + environment;

    /// <summary>Every event the store holds, in order.</summary>
    public IReadOnlyList<JournalEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Takes the lock away: the session's <see cref="IJournalSession.Lost"/> is cancelled and appends are refused.</summary>
    public Task LoseAsync() => _lost.CancelAsync();

    public JournalContents? Read() => JournalContents.Of(environment, host, Events);

    public IJournalSession Open(bool init, bool rebinding = false) => new Session(this);

    public void Dispose() => _lost.Dispose();

    private sealed class Session(LosableJournalStore store) : IJournalSession
    {
        public string Location => store.Location;

        public JournalContents Contents { get; } = JournalContents.Of(store.Read()!.Binding, store.Events);

        public bool Created => false;

        public CancellationToken Lost => store._lost.Token;

        public void Append(JournalEvent journalEvent, DateTimeOffset? recordedAt = null)
        {
            lock (store._gate)
            {
                if (store._lost.IsCancellationRequested)
                {
                    throw new JournalException($"Journal {store.Location}: the lock was lost; this run writes nothing more.");
                }

                store._events.Add(journalEvent);
            }
        }

        public void Dispose()
        {
        }
    }
}
