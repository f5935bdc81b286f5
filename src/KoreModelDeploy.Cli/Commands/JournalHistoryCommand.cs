using System.CommandLine;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// <c>kore-deploy journal history MODEL -f kore.json --env E [--journal LOCATION]</c>: every event the journal holds
/// about one model, oldest first, as <c>terraform state show</c> gives; read without the lock, from any store.
/// </summary>
internal sealed class JournalHistoryCommand : JournalVerbCommand
{
    private readonly Argument<string> _model = ModelArgument();

    public JournalHistoryCommand(CliHost host)
        : base("history", "List every event the journal holds about one model, oldest first. Reads without the lock.", host, JournalHostOption.Create())
    {
        Arguments.Add(_model);
    }

    /// <inheritdoc/>
    public override CommandHelp Help { get; } = new(
        ["kore-deploy journal history support-gpt2 -f kore.json --env staging"],
        [],
        VerbExitCodes);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var modelId = parseResult.GetRequiredValue(_model);
        report.ModelId = modelId;
        var target = await LoadTargetAsync(parseResult, interaction, report, cancellationToken).ConfigureAwait(false);
        var contents = JournalReading.Read(StoreOf(target), target, interaction, report);
        var history = new List<JournalEntry>();
        for (var i = 0; i < contents.Events.Count; i++)
        {
            if (JournalReading.ModelOf(contents.Events[i]) == modelId)
            {
                history.Add(JournalEntries.From(contents.Events[i], contents.RecordedAt[i]));
            }
        }

        if (history.Count == 0)
        {
            var named = contents.State.Models.Select(m => m.ModelId).ToList();
            throw new JournalException($"Journal {target.JournalPath} holds nothing about model '{modelId}'" + (named.Count == 0 ? "." : $"; it names: {string.Join(", ", named)}."));
        }

        report.History = history;
        report.TextResult = string.Join(System.Environment.NewLine, history.Select(e => string.Join(
            '\t',
            JournalReading.Time(e.At == default ? null : e.At),
            e.Event,
            e.Action ?? "-",
            e.DockStatusId ?? "-",
            e.StatusText ?? e.Resolution ?? e.Reason ?? "-",
            OutsideText.ForLine(e.Message ?? string.Empty))).Select(line => line.TrimEnd('\t')));
        return ExitCodes.Success;
    }
}
