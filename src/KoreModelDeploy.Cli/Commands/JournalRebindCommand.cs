using System.CommandLine;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// <c>kore-deploy journal rebind -f kore.json --env E [--host URL] [--journal PATH]</c>: binds a journal created for
/// the wrong host or environment (a mistyped <c>--host</c> at <c>--init</c>) to the right ones, under its lock, while
/// no job may have started on the old host.
/// </summary>
internal sealed class JournalRebindCommand : JournalVerbCommand
{
    private static Option<string> NewHostOption() => new("--host")
    {
        Description = "The host the journal belongs to from now on. Default: the environment's host in the manifest. KORE_HOST is not read.",
        HelpName = "url",
    };

    public JournalRebindCommand(CliHost host)
        : base("rebind", "Bind a journal created for the wrong host or environment to --env and --host, when no job may have started on the old host.", host, NewHostOption())
    {
    }

    /// <inheritdoc/>
    public override CommandHelp Help { get; } = new(
        ["kore-deploy journal rebind -f kore.json --env staging --host https://agent-platform.kore.ai"],
        [],
        VerbExitCodes);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var target = await LoadTargetAsync(parseResult, interaction, report, cancellationToken).ConfigureAwait(false);
        var host = HostSetting.Display(target.Host);
        using var journal = WarnOfTornTail(DeploymentJournal.OpenToRebind(StoreOf(target)), interaction);
        var before = JournalRebinding.Rebind(journal, target.Environment.Name, target.Host);
        report.Changed = before is not null;
        if (before is null)
        {
            report.Message = $"journal {journal.Location} already belongs to environment '{target.Environment.Name}' on {host}; nothing was written";
        }
        else
        {
            report.ReboundFrom = new JournalBindingReport(before.Environment, before.Host);
            report.Message = $"journal {journal.Location} re-bound from environment '{before.Environment}' on {before.Host} to environment '{target.Environment.Name}' on {host}; plan and apply now check it against these";
        }

        report.TextResult = report.Message;
        return ExitCodes.Success;
    }
}
