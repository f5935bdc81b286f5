namespace KoreModelDeploy.Emulator.RateLimiting;

/// <summary>
/// Sliding-window limits per dockStatusId (per minute and per hour), as the vendor publishes them.
/// Refused calls are not recorded, so a client that honours Retry-After gets through when it says.
/// </summary>
internal sealed class DockStatusRateLimiter(TimeProvider timeProvider, bool enabled, int perMinute, int perHour)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<DateTimeOffset>> _history = new(StringComparer.Ordinal);

    /// <summary>Records a call, or returns false with how long until the oldest call in a full window leaves it.</summary>
    public bool TryAcquire(string dockStatusId, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!enabled)
        {
            return true;
        }

        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            if (!_history.TryGetValue(dockStatusId, out var calls))
            {
                calls = [];
                _history.Add(dockStatusId, calls);
            }

            calls.RemoveRange(0, FirstInside(calls, now - Hour));
            var minuteStart = FirstInside(calls, now - Minute);

            if (calls.Count - minuteStart >= perMinute)
            {
                retryAfter = calls[calls.Count - perMinute] + Minute - now;
            }

            if (calls.Count >= perHour)
            {
                var hourWait = calls[calls.Count - perHour] + Hour - now;
                retryAfter = hourWait > retryAfter ? hourWait : retryAfter;
            }

            if (retryAfter > TimeSpan.Zero)
            {
                return false;
            }

            calls.Add(now);
            return true;
        }
    }

    /// <summary>Index of the first call strictly after <paramref name="windowStart"/>; calls are in time order.</summary>
    private static int FirstInside(List<DateTimeOffset> calls, DateTimeOffset windowStart)
    {
        var index = 0;
        while (index < calls.Count && calls[index] <= windowStart)
        {
            index++;
        }

        return index;
    }
}
