using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records the due time of every timer armed on it, so a test can wait until the
/// client has actually scheduled a delay or timeout before it moves the clock.
/// </summary>
/// <remarks>
/// Timeouts arm their timer through <see cref="ITimer.Change"/> (a cancellation source created idle, then
/// <c>CancelAfter</c>), delays through <see cref="CreateTimer"/>; both are recorded.
/// </remarks>
public sealed class TimerTrackingTimeProvider : FakeTimeProvider
{
    public TimerTrackingTimeProvider()
        : base(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero))
    {
    }

    public ConcurrentQueue<TimeSpan> DueTimes { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        DueTimes.Enqueue(dueTime);
        return new TrackedTimer(base.CreateTimer(callback, state, dueTime, period), DueTimes);
    }

    /// <summary>Waits (in real time, briefly) until <paramref name="count"/> timers with this due time have been armed.</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime, int count = 1) =>
        Eventually.WaitUntilAsync(() => DueTimes.Count(d => d == dueTime) >= count, $"{count} timer(s) of {dueTime}");

    private sealed class TrackedTimer(ITimer inner, ConcurrentQueue<TimeSpan> dueTimes) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            dueTimes.Enqueue(dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
