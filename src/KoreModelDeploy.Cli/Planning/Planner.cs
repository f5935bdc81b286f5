using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Manifests;

namespace KoreModelDeploy.Cli.Planning;

/// <summary>Compares an environment's manifest models with its journal and decides, per model, what apply does.</summary>
internal static class Planner
{
    /// <summary>The command that resolves an unknown model once a person has checked the platform's console.</summary>
    public static string ResolveHint(string modelId) =>
        $"check the platform's console, then run apply with --resolve {modelId}=started:<dockStatusId> if a job exists, or --resolve {modelId}=not-started if none does";

    /// <summary>The command that makes the tool forget one model, for a person who has checked the platform's console.</summary>
    /// <param name="modelId">The model.</param>
    /// <param name="journalArguments">What finds the journal: <c>-f … --env …</c>, and <c>--journal …</c> when one was given.</param>
    public static string ForgetHint(string modelId, string journalArguments) =>
        $"kore-deploy journal forget {Output.ShellQuote.Word(modelId)} {journalArguments}";

    public static Plan Create(ResolvedEnvironment environment, JournalState? journal, PlanOptions options)
    {
        var plans = new List<ModelPlan>();
        var inManifest = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in environment.Models)
        {
            inManifest.Add(model.ModelId);
            plans.Add(ForManifestModel(model, journal?.Find(model.ModelId), options));
        }

        foreach (var record in journal?.Models ?? [])
        {
            if (!inManifest.Contains(record.ModelId) && ForJournalOnly(record, options) is { } plan)
            {
                plans.Add(plan);
            }
        }

        return new Plan(plans);
    }

    private static ModelPlan ForManifestModel(ResolvedModel model, ModelRecord? record, PlanOptions options)
    {
        var id = model.ModelId;
        if (record?.Pending is { } pending)
        {
            return ForPending(id, model, record, pending);
        }

        if (record is { LastFailed: true })
        {
            var what = $"its last {record.LastCall?.Word()} ({record.LastDockStatusId}) ended FAILED" + (record.LastMessage is { } m ? $": {m}" : ".");
            if (!options.RetryFailed)
            {
                return new ModelPlan(id, PlanAction.Failed, model, record, [], $"{what}; pass --retry-failed to deploy it again.");
            }

            if (record.Deployed && record.DeployedFingerprint == model.Fingerprint)
            {
                // A failed undeploy left the model as the manifest wants it.
                return new ModelPlan(id, PlanAction.Unchanged, model, record, [], $"{what}; the model is still deployed with these settings.");
            }

            PlannedStep[] retry = record.Deployed
                ? [new PlannedStep(StepCall.Undeploy, StepReason.Retry), new PlannedStep(StepCall.Deploy, StepReason.Retry, true)]
                : [new PlannedStep(StepCall.Deploy, StepReason.Retry, record.EverDeployed)];
            var changes = record.Deployed ? Changes(record, model) : null;
            return new ModelPlan(id, PlanAction.Failed, model, record, retry, $"{what}; --retry-failed: {Describe(retry)}.{NoDiff(record.Deployed, changes)}", changes);
        }

        if (record is { Deployed: true })
        {
            if (record.DeployedFingerprint == model.Fingerprint)
            {
                return new ModelPlan(id, PlanAction.Unchanged, model, record, [], $"deployed with these settings ({record.LastDockStatusId}).");
            }

            var changes = Changes(record, model);
            return new ModelPlan(
                id,
                PlanAction.Redeploy,
                model,
                record,
                [new PlannedStep(StepCall.Undeploy, StepReason.Redeploy), new PlannedStep(StepCall.Deploy, StepReason.Redeploy, true)],
                "settings changed since its last SUCCESS: undeploy, wait, deploy with isDeployedPreviously: true." + NoDiff(true, changes),
                changes);
        }

        var everDeployed = record?.EverDeployed == true;
        return new ModelPlan(
            id,
            PlanAction.Deploy,
            model,
            record,
            [new PlannedStep(StepCall.Deploy, everDeployed ? StepReason.Redeploy : StepReason.Deploy, everDeployed)],
            everDeployed ? "undeployed since its last SUCCESS: deploy with isDeployedPreviously: true." : "never deployed by this tool: deploy.");
    }

    private static ModelPlan ForPending(string id, ResolvedModel? model, ModelRecord record, PendingStep pending)
    {
        if (pending.DockStatusId is null && record.UnusableDockStatusId is { } unusable)
        {
            return new ModelPlan(
                id,
                PlanAction.Unknown,
                model,
                record,
                [],
                $"the journal holds dock status id '{unusable}' for its {pending.Call.Word()}, which no status call can use (an earlier release recorded it from --resolve unchecked); nothing is sent until you {ResolveHint(id)}; the new --resolve replaces it.");
        }

        if (pending.DockStatusId is not { } dockStatusId)
        {
            return new ModelPlan(
                id,
                PlanAction.Unknown,
                model,
                record,
                [],
                $"{pending.Call.Article()} {pending.Call.Word()} was sent and its answer never reached the journal, so a job may or may not be running; nothing is sent again until you {ResolveHint(id)}.");
        }

        var steps = new List<PlannedStep> { new(pending.Call, pending.Reason, ResumeDockStatusId: dockStatusId) };

        // The undeploy half of a redeploy: the deploy with the new settings follows once it ends.
        if (model is not null && pending.Call == StepCall.Undeploy && pending.Reason is StepReason.Redeploy or StepReason.Retry)
        {
            steps.Add(new PlannedStep(StepCall.Deploy, pending.Reason, true));
        }

        // A redeploy cut after its undeploy started: the deploy that follows sends the manifest's settings now.
        var changes = model is not null && steps.Count > 1 && record.Deployed ? Changes(record, model) : null;
        return new ModelPlan(id, PlanAction.Resume, model, record, steps, $"{pending.Call.Article()} {pending.Call.Word()} started earlier ({dockStatusId}) has not been seen to end: {Describe(steps)}.{NoDiff(steps.Count > 1 && record.Deployed, changes)}", changes);
    }

    private static ModelPlan? ForJournalOnly(ModelRecord record, PlanOptions options)
    {
        if (record.Pending is { } pending)
        {
            return ForPending(record.ModelId, null, record, pending);
        }

        if (!record.Deployed)
        {
            return null;
        }

        return options.Prune
            ? new ModelPlan(record.ModelId, PlanAction.Prune, null, record, [new PlannedStep(StepCall.Undeploy, StepReason.Prune)], "deployed by this tool and no longer in the manifest: undeploy (--prune).")
            : new ModelPlan(record.ModelId, PlanAction.Prune, null, record, [], "deployed by this tool and no longer in the manifest; pass --prune to undeploy it.");
    }

    /// <summary>What differs between the deploy the journal saw succeed and the model now; <see langword="null"/> when the journal kept only its digest.</summary>
    private static IReadOnlyList<SettingChange>? Changes(ModelRecord record, ResolvedModel model) =>
        record.DeployedRequest is { } deployed ? SettingsDiff.Compare(record.DeployedModelType, deployed, model.ModelType, model.Settings) : null;

    private static string NoDiff(bool redeploys, IReadOnlyList<SettingChange>? changes) =>
        redeploys && changes is null
            ? " No diff is available: the journal holds only a digest of the settings it runs with (an earlier release recorded that deploy)."
            : string.Empty;

    private static string Describe(IReadOnlyList<PlannedStep> steps) => steps.Count == 0 ? "nothing to send" : string.Join(", then ", steps);
}
