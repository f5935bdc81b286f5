using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Planning;

namespace KoreModelDeploy.Cli.Output;

/// <summary>
/// A plan as people read it, the same in <c>plan</c>, before <c>apply</c> and in its confirmation: a line per model,
/// then what it changes: each setting of a redeploy (<c>~ path: before → after</c>), the request a deploy sends, the
/// model a prune undeploys.
/// </summary>
internal static class PlanLines
{
    /// <summary>How much of a deploy's request a line shows; <c>-o json</c> has it whole.</summary>
    private const int RequestPreview = 160;

    private const string Indent = "          ";

    public static IEnumerable<string> For(ModelPlan model)
    {
        yield return $"{ActionName(model.Action),-9} {model.ModelId}: {model.Detail}";
        if (model.Changes is { } changes)
        {
            foreach (var change in changes)
            {
                yield return Indent + change;
            }
        }

        var deploy = model.Steps.FirstOrDefault(s => s.Call == StepCall.Deploy && s.ResumeDockStatusId is null);
        // A deploy of a model not deployed now (a new one, or --retry-failed of one whose deploy failed): what it sends.
        if (deploy is not null && model.Changes is null && model.Record is not { Deployed: true } && model.Model is { } resolved)
        {
            var request = resolved.Settings.Length <= RequestPreview ? resolved.Settings : resolved.Settings[..RequestPreview] + "…";
            yield return $"{Indent}sends: {resolved.ModelType} {request}";
        }

        if (model.Action == PlanAction.Prune && model.Steps.Count > 0)
        {
            yield return $"{Indent}undeploys: {model.ModelId} (deployed by job {model.Record?.LastDockStatusId ?? "unknown"})";
        }
    }

    /// <summary>A plan action as plan, apply and README name it.</summary>
    public static string ActionName(PlanAction action) => action.ToString().ToLowerInvariant();
}
