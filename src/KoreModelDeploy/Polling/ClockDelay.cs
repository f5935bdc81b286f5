namespace KoreModelDeploy.Polling;

/// <summary>A delay on the client's clock, so that tests on a fake clock pass it at once.</summary>
internal static class ClockDelay
{
    public static async ValueTask WaitAsync(TimeProvider time, TimeSpan delay, CancellationToken cancellationToken)
    {
#if NET
        await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
#else
        await time.Delay(delay, cancellationToken).ConfigureAwait(false);
#endif
    }
}
