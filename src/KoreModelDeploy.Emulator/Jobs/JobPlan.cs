namespace KoreModelDeploy.Emulator.Jobs;

/// <summary>How a job will end, decided once when the job starts so that outcomes never depend on polling.</summary>
/// <param name="NeverCompletes">The job stays IN_PROGRESS forever.</param>
/// <param name="FailureMessage">When not null, the job ends FAILED with this message; otherwise it ends SUCCESS.</param>
internal sealed record JobPlan(bool NeverCompletes, string? FailureMessage)
{
    public static JobPlan Succeeds { get; } = new(false, null);

    public static JobPlan Hangs { get; } = new(true, null);

    public static JobPlan Fails(string message) => new(false, message);
}
