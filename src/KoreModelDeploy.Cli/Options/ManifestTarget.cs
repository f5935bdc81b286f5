using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Journal.AzureBlob;
using KoreModelDeploy.Cli.Journal.PostgreSql;
using KoreModelDeploy.Cli.Manifests;

namespace KoreModelDeploy.Cli.Options;

/// <summary>A manifest's environment, ready to plan: its models, the host to use, and where its journal is kept.</summary>
internal sealed record ManifestTarget(string ManifestPath, ResolvedEnvironment Environment, Uri Host, JournalLocation Journal)
{
    /// <summary>A target whose journal is the file at <paramref name="journalPath"/>.</summary>
    public ManifestTarget(string manifestPath, ResolvedEnvironment environment, Uri host, string journalPath)
        : this(manifestPath, environment, host, new JournalLocation.File(journalPath))
    {
    }

    /// <summary>The journal's location as messages and reports name it (a path, or a PostgreSQL or Azure Blob URI with no credential).</summary>
    public string JournalPath => Journal.Display;

    /// <summary>The store that keeps this environment's journal: where <c>plan</c> reads it and <c>apply</c> opens it.</summary>
    /// <param name="time">The clock that stamps each event.</param>
    /// <param name="variables">Reads the environment (a CI run's address, for the lock's holder).</param>
    /// <param name="wait">How long an apply waits for another holder (<c>--lock-timeout</c>), for either store; <see langword="null"/> to be refused at once.</param>
    public IJournalStore JournalStore(TimeProvider time, Func<string, string?>? variables = null, LockWait? wait = null) => Journal switch
    {
        JournalLocation.PostgreSql postgres => new PostgreSqlJournalStore(
            postgres.Server,
            Environment.Name,
            Environment.Name,
            Host,
            time,
            JournalHolder.Current(postgres.Display, variables ?? System.Environment.GetEnvironmentVariable, time),
            wait),
        JournalLocation.AzureBlob blob => new AzureBlobJournalStore(
            blob.Container,
            Environment.Name,
            Environment.Name,
            Host,
            time,
            JournalHolder.Current(blob.Display, variables ?? System.Environment.GetEnvironmentVariable, time),
            wait,
            AzureBlobJournalSettings.From(variables ?? System.Environment.GetEnvironmentVariable)),
        _ => new FileJournalStore(
            JournalPath,
            Environment.Name,
            Host,
            time,
            wait: wait,
            holder: JournalHolder.Current(JournalPath, variables ?? System.Environment.GetEnvironmentVariable, time)),
    };
}
