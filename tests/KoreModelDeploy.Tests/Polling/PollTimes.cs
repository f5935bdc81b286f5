namespace KoreModelDeploy.Tests.Polling;

/// <summary>Measures a sorted series of poll times against the vendor's per-window limits.</summary>
internal static class PollTimes
{
    /// <summary>The most of <paramref name="times"/> (sorted) in any half-open window of <paramref name="length"/>.</summary>
    public static int MostInAnyWindow(IReadOnlyList<TimeSpan> times, TimeSpan length)
    {
        var most = 0;
        var first = 0;
        for (var last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= length)
            {
                first++;
            }

            most = Math.Max(most, last - first + 1);
        }

        return most;
    }

    /// <inheritdoc cref="MostInAnyWindow(IReadOnlyList{TimeSpan}, TimeSpan)"/>
    public static int MostInAnyWindow(IReadOnlyList<DateTimeOffset> times, TimeSpan length) =>
        times.Count == 0 ? 0 : MostInAnyWindow(times.Select(t => t - times[0]).ToList(), length);
}
