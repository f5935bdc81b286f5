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
    /// Adds one event and makes it durable before returning. Safe to call from parallel model runs. After one append
    /// fails, no later one is written: the store's contents stay a prefix of what the run did.
    /// </summary>
    /// <exception cref="JournalException">The event could not be written, now or earlier in this session.</exception>
    void Append(JournalEvent journalEvent);
}
