namespace KoreModelDeploy.Emulator.Jobs;

/// <summary>The three job states the vendor documents.</summary>
internal enum JobState
{
    InProgress,
    Success,
    Failed,
}
