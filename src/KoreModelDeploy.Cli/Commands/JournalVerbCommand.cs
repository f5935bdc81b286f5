using System.CommandLine;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Journal.PostgreSql;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// What every <c>kore-deploy journal VERB -f MANIFEST --env E [--journal LOCATION]</c> shares, so the verbs have one
/// shape: the manifest options, the <c>--host</c> the journal is checked against, the journal named in the report, the
/// store built from the run's own environment, and the warning about a torn last line a store set aside.
/// </summary>
internal abstract class JournalVerbCommand : BaseCommand
{
    private readonly ManifestOptions _manifest = new();
    private readonly Option<string>? _host;

    /// <param name="name">The verb.</param>
    /// <param name="description">What it does, for help.</param>
    /// <param name="host">The process's environment.</param>
    /// <param name="hostOption">
    /// The verb's <c>--host</c>: by default the host the journal belongs to (<see cref="JournalHostOption"/>);
    /// <see langword="null"/> for a verb that never checks the journal's host.
    /// </param>
    protected JournalVerbCommand(string name, string description, CliHost host, Option<string>? hostOption)
        : base(name, description, host, callsService: false)
    {
        _manifest.AddTo(this, planChoices: false);
        _host = hostOption;
        if (hostOption is not null)
        {
            Options.Add(hostOption);
        }
    }

    /// <summary>The exit codes every verb can end with.</summary>
    protected static IReadOnlyList<int> VerbExitCodes { get; } = [ExitCodes.Success, ExitCodes.Usage, ExitCodes.InvalidRequest, ExitCodes.Configuration];

    /// <summary>What the verbs that reach a PostgreSQL journal read for its password.</summary>
    protected static IReadOnlyList<string> PostgreSqlVariables { get; } =
    [
        "PGPASSWORD, PGPASSFILE: the database password (never in the URI)",
        $"{PostgreSqlJournalLocation.ConnectionVariable}: a whole Npgsql connection string, used instead of the URI's parts",
    ];

    /// <summary>The <c>MODEL</c> argument of a verb about one model.</summary>
    protected static Argument<string> ModelArgument() => new("model")
    {
        Description = "The model's id, as the journal names it.",
    };

    /// <inheritdoc/>
    protected sealed override string ReportName => "journal " + Name;

    /// <summary>Loads the manifest's environment and names its journal (and host, for a verb that has one) in the report.</summary>
    protected async Task<ManifestTarget> LoadTargetAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var explicitHost = _host is null ? null : HostArgument.Read(parseResult.GetValue(_host));
        var target = await _manifest.LoadAsync(parseResult, explicitHost, Host, interaction, cancellationToken).ConfigureAwait(false);
        report.File = target.ManifestPath;
        report.Environment = target.Environment.Name;
        report.Journal = target.JournalPath;
        if (_host is not null)
        {
            report.Host = HostSetting.Display(target.Host);
        }

        return target;
    }

    /// <summary>The store that keeps <paramref name="target"/>'s journal, built from this run's environment variables.</summary>
    protected IJournalStore StoreOf(ManifestTarget target) => target.JournalStore(Host.TimeProvider, Host.GetEnvironmentVariable);

    /// <summary>Says so when opening the journal set a torn last line aside; returns the journal.</summary>
    protected static DeploymentJournal WarnOfTornTail(DeploymentJournal journal, IInteractionService interaction)
    {
        if (journal.TornTail is { } torn)
        {
            interaction.DisplayWarning(torn);
        }

        return journal;
    }
}
