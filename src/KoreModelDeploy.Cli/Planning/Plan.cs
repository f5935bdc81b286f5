namespace KoreModelDeploy.Cli.Planning;

/// <summary>What apply would do for every model of an environment, manifest models first, then those only the journal knows.</summary>
internal sealed record Plan(IReadOnlyList<ModelPlan> Models)
{
    /// <summary>
    /// Whether there is anything to do or to look at: a step to take, or a model that is unknown or failed.
    /// <c>plan --detailed-exitcode</c> exits 8 when this is true.
    /// </summary>
    public bool HasChanges => Models.Any(m => m.Steps.Count > 0 || m.Action is PlanAction.Unknown or PlanAction.Failed);

    /// <summary>Whether apply would send anything or wait on any job.</summary>
    public bool HasSteps => Models.Any(m => m.Steps.Count > 0);

    /// <summary>
    /// Whether <paramref name="other"/> would do exactly what this plan does: the same models in the same order, each
    /// with the same verdict, the same steps and the same settings.
    /// </summary>
    public bool Matches(Plan other) =>
        Models.Count == other.Models.Count
        && Models.Zip(other.Models).All(pair =>
            pair.First.ModelId == pair.Second.ModelId
            && pair.First.Action == pair.Second.Action
            && pair.First.Steps.SequenceEqual(pair.Second.Steps)
            && pair.First.Model?.Fingerprint == pair.Second.Model?.Fingerprint);
}
