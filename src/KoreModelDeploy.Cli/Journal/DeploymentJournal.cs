namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// An environment's journal, held for an apply: the one place an event is recorded. <see cref="Record"/> makes the
/// event durable in the store and then replays it into <see cref="State"/>, so the state is always what the store
/// holds, and nothing else writes either.
/// </summary>
internal sealed class DeploymentJournal : IDisposable
{
    private readonly IJournalSession _session;
    private readonly Lock _gate = new();

    private DeploymentJournal(IJournalSession session)
    {
        _session = session;
        State = JournalState.From(session.Contents.Events);
    }

    /// <summary>The journal's location, for messages.</summary>
    public string Location => _session.Location;

    /// <summary>Whether this apply created the journal (<c>--init</c>).</summary>
    public bool Created => _session.Created;

    /// <summary>What the store held when this apply opened it, before anything this apply records.</summary>
    public JournalContents Contents => _session.Contents;

    /// <summary>When the store's last line was torn by a crash and set aside, what to tell the user.</summary>
    public string? TornTail => _session.Contents.TornTail;

    /// <summary>Cancelled once the store can no longer promise this apply holds the lock (<see cref="IJournalSession.Lost"/>).</summary>
    public CancellationToken Lost => _session.Lost;

    /// <summary>Every model's state, as the events recorded so far leave it.</summary>
    public JournalState State { get; }

    /// <summary>The environment and host the journal belongs to: the header's, or the last rebound event's.</summary>
    public JournalBinding Binding => State.Rebinding ?? _session.Contents.Binding;

    /// <summary>Opens <paramref name="store"/>'s journal for an apply, under its lock.</summary>
    /// <exception cref="JournalException">As <see cref="IJournalStore.Open"/>; the journal moved to another store (<see cref="JournalMove"/>).</exception>
    public static DeploymentJournal Open(IJournalStore store, bool init) => Unmoved(store.Open(init));

    /// <summary>Opens <paramref name="store"/>'s journal under its lock to re-bind it: whatever it is bound to now is not refused.</summary>
    /// <exception cref="JournalException">As <see cref="IJournalStore.Open"/>; the journal moved to another store.</exception>
    public static DeploymentJournal OpenToRebind(IJournalStore store) => Unmoved(store.Open(init: false, rebinding: true));

    /// <summary>
    /// Opens <paramref name="store"/>'s journal under its lock to copy it to another store (<see cref="JournalCopying"/>):
    /// one that moved already is opened too, so that a copy cut short can be completed.
    /// </summary>
    /// <exception cref="JournalException">As <see cref="IJournalStore.Open"/> without <c>init</c>.</exception>
    public static DeploymentJournal OpenToCopy(IJournalStore store) => new(store.Open(init: false));

    /// <summary>The journal, unless it moved: then its lock is released and the move is refused, naming where it went.</summary>
    private static DeploymentJournal Unmoved(IJournalSession session)
    {
        try
        {
            JournalMove.Refuse(session.Contents, session.Location);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return new DeploymentJournal(session);
    }

    /// <summary>Records one event: durable in the store first, then in <see cref="State"/>. Safe from parallel model runs.</summary>
    /// <exception cref="JournalException">The store could not take it; <see cref="State"/> is unchanged.</exception>
    public void Record(JournalEvent journalEvent)
    {
        lock (_gate)
        {
            _session.Append(journalEvent);
            State.Replay(journalEvent);
        }
    }

    /// <summary>Releases the store's lock.</summary>
    public void Dispose() => _session.Dispose();
}
