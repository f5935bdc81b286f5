namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// Where an environment's journal is kept: the storage under <see cref="DeploymentJournal"/>. A store reads without
/// a lock (for <c>plan</c>), and opens for an apply under a lock that keeps every other apply off the same journal
/// until the session is disposed, however the process ends. Every store passes the same contract tests.
/// </summary>
internal interface IJournalStore
{
    /// <summary>The journal's location as users name it (<c>--journal</c>), for messages.</summary>
    string Location { get; }

    /// <summary>Reads the journal without taking its lock; <see langword="null"/> when there is none.</summary>
    /// <exception cref="JournalException">It cannot be read, belongs to another environment or host (<see cref="JournalBinding.Check"/>), or is damaged.</exception>
    JournalContents? Read();

    /// <summary>Opens the journal for an apply and takes its lock; creates it first when <paramref name="init"/> allows.</summary>
    /// <param name="init">Whether a missing journal is created (<c>--init</c>).</param>
    /// <param name="rebinding">
    /// Whether it is opened to be re-bound (<c>kore-deploy journal rebind</c>): the journal's binding is then not checked
    /// against the store's environment and host, which are the ones it is about to be bound to.
    /// </param>
    /// <exception cref="JournalException">Another apply holds it; it is missing and <paramref name="init"/> is false; it cannot be used.</exception>
    IJournalSession Open(bool init, bool rebinding = false);
}
