using KoreModelDeploy.Cli.Journal.AzureBlob;
using KoreModelDeploy.Cli.Journal.PostgreSql;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// Where an environment's journal is kept, as <c>--journal</c> or the manifest environment's <c>"journal"</c> names it:
/// a file (a path; the default, beside the manifest), a PostgreSQL database (<c>postgres://…</c>), or an Azure Blob
/// Storage container (<c>azblob://…</c>).
/// </summary>
internal abstract record JournalLocation
{
    /// <summary>The location as messages and reports name it; never holds a credential.</summary>
    public abstract string Display { get; }

    /// <summary>Reads a location: a <c>postgres://</c> or <c>azblob://</c> URI, else a path, relative to <paramref name="baseDirectory"/> when relative.</summary>
    /// <exception cref="Configuration.CliConfigurationException">A PostgreSQL or Azure Blob URI that is not one, or holds a credential.</exception>
    public static JournalLocation Parse(string text, string baseDirectory, Func<string, string?> variables) =>
        PostgreSqlJournalLocation.IsUri(text)
            ? new PostgreSql(PostgreSqlJournalLocation.Parse(text, variables))
            : AzureBlobJournalLocation.IsUri(text)
                ? new AzureBlob(AzureBlobJournalLocation.Parse(text, variables))
                : new File(Path.GetFullPath(text, baseDirectory));

    /// <summary>A journal file.</summary>
    /// <param name="Path">Its full path.</param>
    public sealed record File(string Path) : JournalLocation
    {
        /// <inheritdoc/>
        public override string Display => Path;
    }

    /// <summary>A journal in PostgreSQL.</summary>
    /// <param name="Server">The server and database.</param>
    public sealed record PostgreSql(PostgreSqlJournalLocation Server) : JournalLocation
    {
        /// <inheritdoc/>
        public override string Display => Server.Display;
    }

    /// <summary>A journal in Azure Blob Storage.</summary>
    /// <param name="Container">The container and folder.</param>
    public sealed record AzureBlob(AzureBlobJournalLocation Container) : JournalLocation
    {
        /// <inheritdoc/>
        public override string Display => Container.Display;
    }
}
