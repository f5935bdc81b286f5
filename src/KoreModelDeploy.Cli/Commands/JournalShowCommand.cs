using System.CommandLine;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// <c>kore-deploy journal show -f kore.json --env E [--journal LOCATION]</c>: each model the journal names, its state,
/// last job, when and settings' digest, as <c>terraform state list</c> gives; read without the lock, from any store.
/// </summary>
internal sealed class JournalShowCommand : JournalVerbCommand
{
    public JournalShowCommand(CliHost host)
        : base("show", "List each model the journal names: its state, last job id, when, and settings fingerprint. Reads without the lock.", host, JournalHostOption.Create())
    {
    }

    /// <inheritdoc/>
    public override CommandHelp Help { get; } = new(
        ["kore-deploy journal show -f kore.json --env staging -o json"],
        [],
        VerbExitCodes);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var target = await LoadTargetAsync(parseResult, interaction, report, cancellationToken).ConfigureAwait(false);
        var contents = JournalReading.Read(StoreOf(target), target, interaction, report);
        var lastAt = JournalReading.LastRecordedAt(contents);
        report.JournalModels = contents.State.Models.Select(record => new JournalModelReport
        {
            ModelId = record.ModelId,
            State = ModelBelief.State(record),
            DockStatusId = record.Pending?.DockStatusId ?? record.LastDockStatusId,
            At = lastAt.GetValueOrDefault(record.ModelId),
            Fingerprint = record.Pending?.Fingerprint ?? record.DeployedFingerprint,
            Message = ModelBelief.Of(record),
        }).ToList();
        report.TextResult = report.JournalModels.Count == 0
            ? "the journal names no model yet"
            : string.Join(
                System.Environment.NewLine,
                report.JournalModels.Select(m => string.Join('\t', m.ModelId, m.State, m.DockStatusId ?? "-", JournalReading.Time(m.At), m.Fingerprint ?? "-")));
        return ExitCodes.Success;
    }
}
