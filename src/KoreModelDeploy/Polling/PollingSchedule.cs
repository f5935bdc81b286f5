namespace KoreModelDeploy.Polling;

/// <summary>The delay before each poll of the client's own waits: the options' schedule, placed at random in the jitter range.</summary>
internal static class PollingSchedule
{
    [ThreadStatic]
    private static Random? t_random;

    public static TimeSpan GetDelay(DockPollingOptions options, int step)
    {
        var jitter = 0.0;
        if (options.Jitter > 0)
        {
            var random = t_random ??= new Random(Guid.NewGuid().GetHashCode());
            jitter = (2 * random.NextDouble()) - 1;
        }

        return options.ScheduledDelay(step, jitter);
    }
}
