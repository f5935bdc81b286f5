namespace KoreModelDeploy.Emulator.Jobs;

/// <summary>The wire spellings the vendor uses for job fields.</summary>
internal static class VendorNames
{
    public const string ModelsJobType = "MODELS";

    public static string Of(JobAction action) => action switch
    {
        JobAction.Deploy => "DEPLOY",
        JobAction.Undeploy => "UNDEPLOY",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static string Of(JobState state) => state switch
    {
        JobState.InProgress => "IN_PROGRESS",
        JobState.Success => "SUCCESS",
        JobState.Failed => "FAILED",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
