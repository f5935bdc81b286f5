namespace KoreModelDeploy.Tests;

/// <summary>
/// What a <c>with</c> expression did when the polling options were a record: a changed copy, the original untouched.
/// In the suite's root namespace so every test file has it.
/// </summary>
public static class PollingOptionsCopy
{
    public static DockPollingOptions With(this DockPollingOptions options, Action<DockPollingOptions> change)
    {
        var copy = new DockPollingOptions
        {
            InitialDelay = options.InitialDelay,
            Multiplier = options.Multiplier,
            MaxDelay = options.MaxDelay,
            Jitter = options.Jitter,
            Timeout = options.Timeout,
            MaxConsecutiveFailures = options.MaxConsecutiveFailures,
        };
        change(copy);
        return copy;
    }
}
