using System.CommandLine;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;
using KoreModelDeploy.Cli.Planning;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// <c>kore-deploy plan -f kore.json --env prod [--detailed-exitcode]</c>: what apply would do for each model, from the
/// manifest and the journal alone; nothing is sent and no key is needed.
/// </summary>
internal sealed class PlanCommand : BaseCommand
{
    private readonly ManifestOptions _manifest = new();

    private readonly Option<string> _host = new("--host")
    {
        Description = "Plan against this host instead of the environment's (the journal must be this host's). KORE_HOST is not read.",
        HelpName = "url",
    };

    private readonly Option<FileInfo> _savePlan = new("--save-plan")
    {
        Description = "Also write the plan to this file, for a reviewer to approve and `kore-deploy apply --plan FILE` to carry out exactly; apply refuses it once the manifest, host or journal has moved. It holds no secret.",
        HelpName = "plan.json",
    };

    private readonly Option<bool> _detailedExitCode = new("--detailed-exitcode")
    {
        Description = $"Exit {ExitCodes.PlanHasChanges} when apply has something to do or a model needs a look (unknown, failed), 0 when nothing.",
    };

    public PlanCommand(CliHost host)
        : base("plan", "Show what apply would do for each model of an environment: deploy, redeploy, unchanged, resume, failed, unknown, prune.", host, callsService: false)
    {
        _manifest.AddTo(this);
        Options.Add(_host);
        Options.Add(_detailedExitCode);
        Options.Add(_savePlan);
    }

    /// <inheritdoc/>
    public override CommandHelp Help { get; } = new(
        ["kore-deploy plan -f kore.json --env staging --detailed-exitcode"],
        [],
        [ExitCodes.Success, ExitCodes.Usage, ExitCodes.InvalidRequest, ExitCodes.Configuration, ExitCodes.PlanHasChanges]);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var target = await _manifest.LoadAsync(parseResult, HostArgument.Read(parseResult.GetValue(_host)), Host, interaction, cancellationToken).ConfigureAwait(false);
        report.File = target.ManifestPath;
        report.Environment = target.Environment.Name;
        report.Journal = target.JournalPath;

        var journal = target.JournalStore(Host.TimeProvider).Read();

        // A plan from a journal that moved would show what no apply will do: apply refuses it the same way.
        JournalMove.Refuse(journal, target.JournalPath);
        if (journal is null)
        {
            interaction.DisplayWarning($"no journal at {target.JournalPath}: every model is planned as new; apply refuses to start without --init (or the journal restored)");
        }
        else if (journal.TornTail is { } torn)
        {
            interaction.DisplayWarning(torn);
        }

        var options = _manifest.ReadPlanOptions(parseResult);
        var plan = Planner.Create(target.Environment, journal?.State, options);
        if (parseResult.GetValue(_savePlan) is { } file)
        {
            var manifest = await SavedPlanFile.ManifestBytesAsync(target.ManifestPath, cancellationToken).ConfigureAwait(false);
            SavedPlanFile.Write(file.FullName, SavedPlan.From(plan, target.ManifestPath, manifest, target.Environment.Name, target.Host, parseResult.GetValue(_host) is not null, target.JournalPath, journal, options));
            interaction.DisplayMessage($"plan saved to {file.FullName}; carry it out exactly with: kore-deploy apply --plan {Output.ShellQuote.Word(file.FullName)}");
        }

        report.HasChanges = plan.HasChanges;
        report.Models = plan.Models.Select(Report).ToList();
        report.TextResult = string.Join(System.Environment.NewLine, plan.Models.SelectMany(PlanLines.For));

        return parseResult.GetValue(_detailedExitCode) && plan.HasChanges ? ExitCodes.PlanHasChanges : ExitCodes.Success;
    }

    /// <summary>A model's plan in <c>-o json</c>: its steps, and what they change.</summary>
    private static ModelReport Report(ModelPlan model)
    {
        var redeploys = model.Record is { Deployed: true } && model.Steps.Any(s => s.Call == StepCall.Deploy && s.ResumeDockStatusId is null);
        var deploys = !redeploys && model.Model is not null && model.Steps.Any(s => s.Call == StepCall.Deploy && s.ResumeDockStatusId is null);
        return new ModelReport
        {
            ModelId = model.ModelId,
            Action = PlanLines.ActionName(model.Action),
            Message = model.Detail,
            Steps = model.Steps.Select(s => s.ToString()).ToList(),
            Changes = model.Changes?.Select(ChangeReport.From).ToList(),
            ChangesAvailable = redeploys ? model.Changes is not null : null,
            Request = deploys ? Settings(model.Model!) : null,
        };
    }

    private static System.Text.Json.JsonElement Settings(Manifests.ResolvedModel model)
    {
        using var document = System.Text.Json.JsonDocument.Parse(model.Settings);
        return document.RootElement.Clone();
    }
}
