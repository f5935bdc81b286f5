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

    // A standalone emulator can run for days: ids with no call in the last hour are dropped once the table has grown.
    private int _pruneAt = 1024;

    /// <summary>How many ids the limiter remembers calls for.</summary>
    public int TrackedIdCount
    {
        get
        {
            lock (_gate)
            {
                return _history.Count;
            }
        }
    }

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
                if (_history.Count >= _pruneAt)
                {
                    Prune(now);
                }

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

    private void Prune(DateTimeOffset now)
    {
        var stale = new List<string>();
        foreach (var (id, calls) in _history)
        {
            if (calls[^1] <= now - Hour)
            {
                stale.Add(id);
            }
        }

        foreach (var id in stale)
        {
            _history.Remove(id);
        }

        // Doubling keeps pruning rare when many ids are genuinely active.
        _pruneAt = Math.Max(1024, _history.Count * 2);
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
