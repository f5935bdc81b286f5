using System.CommandLine;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// <c>kore-deploy journal forget MODEL -f kore.json --env E [--journal PATH]</c>: makes the tool forget what it
/// believed about one model (as <c>terraform state rm</c>), under the journal's lock, for a person who has checked
/// the platform's console.
/// </summary>
internal sealed class JournalForgetCommand : JournalVerbCommand
{
    private readonly Argument<string> _model = ModelArgument();

    public JournalForgetCommand(CliHost host)
        : base("forget", "Forget what the journal believes about one model, after checking the platform's console; the next plan treats it as never deployed by this tool.", host, JournalHostOption.Create())
    {
        Arguments.Add(_model);
    }

    /// <inheritdoc/>
    public override CommandHelp Help { get; } = new(
        ["kore-deploy journal forget support-gpt2 -f kore.json --env staging"],
        [],
        VerbExitCodes);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var modelId = parseResult.GetRequiredValue(_model);
        report.ModelId = modelId;
        var target = await LoadTargetAsync(parseResult, interaction, report, cancellationToken).ConfigureAwait(false);
        using var journal = WarnOfTornTail(DeploymentJournal.Open(StoreOf(target), init: false), interaction);

        var belief = JournalForgetting.Forget(journal, modelId);
        report.Changed = true;
        var next = target.Environment.Models.Any(m => m.ModelId == modelId)
            ? "the next apply deploys it as a model this tool never deployed"
            : "it is no longer in the manifest, so no apply touches it again";
        report.Message = $"forgot {modelId} in journal {journal.Location}; it believed: {belief}. {char.ToUpperInvariant(next[0])}{next[1..]}.";
        report.TextResult = report.Message;
        return ExitCodes.Success;
    }
}
