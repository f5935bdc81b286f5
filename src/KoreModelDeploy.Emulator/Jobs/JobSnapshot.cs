namespace KoreModelDeploy.Emulator.Jobs;

/// <summary>An immutable view of a job at one instant, safe to serialize outside the store's lock.</summary>
internal sealed record JobSnapshot(string Id, string ModelId, JobAction Action, JobState State, string? Message);
