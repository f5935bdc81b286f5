using System.CommandLine;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// <c>kore-deploy journal copy -f kore.json --env E [--journal SOURCE] --to TARGET</c>: moves an environment's journal
/// to another store (a file to PostgreSQL, for a team), under the source's lock; safe to run again after it was cut
/// short. From then on the old journal names the new one, and apply refuses it.
/// </summary>
internal sealed class JournalCopyCommand : JournalVerbCommand
{
    private readonly Option<string> _to = new("--to")
    {
        Description = "Where the journal moves: a file path, or postgres://USER@HOST:PORT/DATABASE (after kore-deploy journal init there). "
            + "It must hold no journal of the environment yet, or the start of this one (a copy cut short).",
        HelpName = "location",
        Required = true,
    };

    public JournalCopyCommand(CliHost host)
        : base("copy", "Move the environment's journal to another store (--to), every event with its time; the old one then names the new one and apply refuses it.", host, JournalHostOption.Create())
    {
        Options.Add(_to);
    }

    /// <inheritdoc/>
    public override CommandHelp Help { get; } = new(
        ["kore-deploy journal copy -f kore.json --env staging --to postgres://deploy@db.example.com:5432/kore"],
        PostgreSqlVariables,
        VerbExitCodes);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var target = await LoadTargetAsync(parseResult, interaction, report, cancellationToken).ConfigureAwait(false);

        var to = JournalLocation.Parse(parseResult.GetRequiredValue(_to), System.Environment.CurrentDirectory, Host.GetEnvironmentVariable);
        if (string.Equals(to.Display, target.JournalPath, StringComparison.Ordinal))
        {
            throw new JournalException($"--to {to.Display} is the journal itself (--journal, or the environment's default); name the store it moves to.");
        }

        // The copy is made for the environment and host the source is checked against, so the target gets its binding.
        var destination = StoreOf(target with { Journal = to });
        using var source = WarnOfTornTail(DeploymentJournal.OpenToCopy(StoreOf(target)), interaction);

        var result = JournalCopying.Copy(source, destination);
        report.Copy = new JournalCopyReport(source.Location, to.Display, result.Copied, result.AlreadyThere, result.Events);
        report.MovedTo = to.Display;
        report.Changed = result.Copied > 0 || !result.AlreadyMoved;
        report.Message = $"copied {result.Copied} event(s) of journal {source.Location} to {to.Display}"
            + (result.AlreadyThere > 0 ? $" ({result.AlreadyThere} were there already)" : string.Empty)
            + $"; it holds all {result.Events}, with their times. "
            + (result.AlreadyMoved ? "The old journal already named it as where it moved" : "The old journal now records that it moved there, and apply refuses it")
            + $": use --journal {ShellQuote.Word(to.Display)} from now on (or set it as the environment's \"journal\" in the manifest).";
        report.TextResult = report.Message;
        return ExitCodes.Success;
    }
}
