namespace KoreModelDeploy.Polling;

/// <summary>The delay before each poll: geometric growth from the initial delay up to the ceiling, then jitter.</summary>
internal static class PollingSchedule
{
    [ThreadStatic]
    private static Random? t_random;

    public static TimeSpan GetDelay(DockPollingOptions options, int step)
    {
        var seconds = options.InitialDelay.TotalSeconds * Math.Pow(options.Multiplier, step);
        if (double.IsInfinity(seconds) || seconds > options.MaxDelay.TotalSeconds)
        {
            seconds = options.MaxDelay.TotalSeconds;
        }

        if (options.Jitter > 0)
        {
            var random = t_random ??= new Random(Guid.NewGuid().GetHashCode());
            seconds *= 1 + (options.Jitter * ((2 * random.NextDouble()) - 1));
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
