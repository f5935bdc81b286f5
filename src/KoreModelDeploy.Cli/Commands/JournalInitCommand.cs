using System.CommandLine;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Journal.PostgreSql;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// <c>kore-deploy journal init -f kore.json --env E --journal postgres://…</c>: creates a PostgreSQL journal's tables
/// (the tool's <c>sql/journal-v1.sql</c>), once per database; safe to run again. <c>apply --init</c> then creates the
/// environment's journal. A file journal has no tables: <c>apply --init</c> creates it.
/// </summary>
internal sealed class JournalInitCommand : JournalVerbCommand
{
    public JournalInitCommand(CliHost host)
        : base("init", "Create a PostgreSQL journal's tables (once per database; safe to run again). A journal file needs none: apply --init creates it.", host, hostOption: null)
    {
    }

    /// <inheritdoc/>
    public override CommandHelp Help { get; } = new(
        ["kore-deploy journal init -f kore.json --env staging --journal postgres://deploy@db.example.com:5432/kore"],
        PostgreSqlVariables,
        VerbExitCodes);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var target = await LoadTargetAsync(parseResult, interaction, report, cancellationToken).ConfigureAwait(false);
        if (StoreOf(target) is not PostgreSqlJournalStore store)
        {
            report.Changed = false;
            report.Message = target.Journal is JournalLocation.AzureBlob
                ? $"journal {target.JournalPath} is in Azure Blob Storage, which has no tables to create; the first apply creates it with --init"
                : $"journal {target.JournalPath} is a file, which has no tables to create; the first apply creates it with --init";
            report.TextResult = report.Message;
            return ExitCodes.Success;
        }

        var version = store.CreateTables();
        report.Changed = true;
        report.Message = $"journal tables of schema version {version} are in {target.JournalPath}; the first apply of environment '{target.Environment.Name}' creates its journal there with --init";
        report.TextResult = report.Message;
        return ExitCodes.Success;
    }
}
