using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records the due time of every timer created on it, so a test can wait
/// until the client has actually scheduled a delay before it moves the clock.
/// </summary>
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
        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Waits (in real time, briefly) until a timer with this due time has been created.</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime, int count = 1) =>
        Eventually.WaitUntilAsync(() => DueTimes.Count(d => d == dueTime) >= count, $"a timer of {dueTime}");
}
