namespace KoreModelDeploy.Cli.Journal;

/// <summary>A journal opened for an apply, under its store's lock; disposing it releases the lock.</summary>
internal interface IJournalSession : IDisposable
{
    /// <summary>The journal's location as users name it, for messages.</summary>
    string Location { get; }

    /// <summary>What the journal held when it was opened.</summary>
    JournalContents Contents { get; }

    /// <summary>Whether this session created the journal.</summary>
    bool Created { get; }

    /// <summary>
    /// Cancelled once the store can no longer promise that this session holds the lock: a lease that failed to renew,
    /// a database session that ended. Nothing more is started on the lock's strength after that, and waits end; stores
    /// whose lock cannot be lost while the process lives (a file) never cancel it.
    /// </summary>
    CancellationToken Lost { get; }

    /// <summary>
    /// Adds one event and makes it durable before returning. Safe to call from parallel model runs. After one append
    /// fails, no later one is written: the store's contents stay a prefix of what the run did.
    /// </summary>
    /// <param name="journalEvent">The event.</param>
    /// <param name="recordedAt">When it was first recorded, for an event copied from another store; <see langword="null"/> for now.</param>
    /// <exception cref="JournalException">The event could not be written, now or earlier in this session.</exception>
    void Append(JournalEvent journalEvent, DateTimeOffset? recordedAt = null);
}
