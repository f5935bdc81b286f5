namespace KoreModelDeploy.Emulator.Jobs;

/// <summary>A deploy or undeploy job; mutated only under <see cref="JobStore"/>'s lock.</summary>
internal sealed class DockJob(string id, string modelId, JobAction action, JobPlan plan)
{
    public string Id { get; } = id;

    public string ModelId { get; } = modelId;

    public JobAction Action { get; } = action;

    public JobPlan Plan { get; } = plan;

    public JobState State { get; set; } = JobState.InProgress;

    public JobSnapshot ToSnapshot() =>
        new(Id, ModelId, Action, State, State == JobState.Failed ? Plan.FailureMessage : null);
}
