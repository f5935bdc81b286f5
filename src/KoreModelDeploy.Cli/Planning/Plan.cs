namespace KoreModelDeploy.Cli.Planning;

/// <summary>What apply would do for every model of an environment, manifest models first, then those only the journal knows.</summary>
internal sealed record Plan(IReadOnlyList<ModelPlan> Models)
{
    /// <summary>
    /// Whether there is anything to do or to look at: a step to take, or a model that is unknown or failed.
    /// <c>plan --detailed-exitcode</c> exits 8 when this is true.
    /// </summary>
    public bool HasChanges => Models.Any(m => m.Steps.Count > 0 || m.Action is PlanAction.Unknown or PlanAction.Failed);
}
