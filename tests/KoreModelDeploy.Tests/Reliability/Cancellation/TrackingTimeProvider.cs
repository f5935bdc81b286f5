using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Tests.Reliability.Cancellation;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also counts its timers, which the fake does not expose: every delay and
/// timeout the client starts must be disposed again once a call is over, or cancelled calls leak timers.
/// </summary>
internal sealed class TrackingTimeProvider : TimeProvider
{
    private readonly ConcurrentDictionary<TrackedTimer, TimeSpan> _live = new();
    private int _created;

    public FakeTimeProvider Clock { get; } = new();

    public int Created => Volatile.Read(ref _created);

    public int Live => _live.Count;

    /// <summary>Whether a timer with this due time is alive: tells which delay a call is parked in.</summary>
    public bool HasLiveTimer(TimeSpan dueTime) => _live.Values.Contains(dueTime);

    public override long TimestampFrequency => Clock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Clock.LocalTimeZone;

    public override DateTimeOffset GetUtcNow() => Clock.GetUtcNow();

    public override long GetTimestamp() => Clock.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _created);
        var timer = new TrackedTimer(this, Clock.CreateTimer(callback, state, dueTime, period));
        _live[timer] = dueTime;
        return timer;
    }

    private sealed class TrackedTimer(TrackingTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner._live[this] = dueTime;
            return inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            owner._live.TryRemove(this, out _);
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            owner._live.TryRemove(this, out _);
            return inner.DisposeAsync();
        }
    }
}
