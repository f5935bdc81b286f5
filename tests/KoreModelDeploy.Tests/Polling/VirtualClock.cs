using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Tests.Polling;

/// <summary>
/// A fake clock that also knows which timers are pending, so a test can run a long wait to completion by jumping
/// straight to the next timer instead of advancing in small steps or sleeping.
/// </summary>
internal sealed class VirtualClock : TimeProvider
{
    private readonly FakeTimeProvider _fake = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly object _gate = new();
    private readonly List<TrackedTimer> _timers = [];
    private int _version;

    public DateTimeOffset Start { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TimeSpan Elapsed => GetUtcNow() - Start;

    public int ActiveTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.NextDue(GetUtcNow()) is not null);
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this, _fake.CreateTimer(callback, state, dueTime, period), GetUtcNow(), dueTime);
        lock (_gate)
        {
            _timers.Add(timer);
            _version++;
        }

        return timer;
    }

    public void Advance(TimeSpan by) => _fake.Advance(by);

    /// <summary>
    /// Runs <paramref name="task"/> to completion on simulated time: whenever the code under test is idle (waiting on
    /// a timer, no HTTP request being served), jumps to the earliest pending timer.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> task, Func<bool>? isBusy = null, TimeSpan? limit = null)
    {
        await RunAsync((Task)task, isBusy, limit);
        return await task;
    }

    public async Task RunAsync(Task task, Func<bool>? isBusy = null, TimeSpan? limit = null)
    {
        var deadline = Start + (limit ?? TimeSpan.FromDays(8));
        var realTimeout = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!task.IsCompleted)
        {
            if (DateTime.UtcNow > realTimeout)
            {
                throw new TimeoutException($"The code under test did not go idle; simulated time {Elapsed}.");
            }

            var next = await WaitForIdleAsync(task, isBusy);
            if (next is null)
            {
                continue;
            }

            if (next.Value > deadline)
            {
                throw new TimeoutException($"Nothing completed before the simulated limit; next timer at {next.Value - Start}.");
            }

            _fake.Advance(next.Value - GetUtcNow());
        }
    }

    private async Task<DateTimeOffset?> WaitForIdleAsync(Task task, Func<bool>? isBusy)
    {
        // Idle means: no request in flight, and the set of timers unchanged across consecutive short looks.
        var stableLooks = 0;
        var lastVersion = -1;
        while (!task.IsCompleted)
        {
            await Task.Delay(1);
            int version;
            DateTimeOffset? earliest = null;
            lock (_gate)
            {
                version = _version;
                var now = GetUtcNow();
                foreach (var timer in _timers)
                {
                    if (timer.NextDue(now) is { } due && (earliest is null || due < earliest))
                    {
                        earliest = due;
                    }
                }
            }

            if (isBusy?.Invoke() == true || version != lastVersion || earliest is null)
            {
                stableLooks = 0;
                lastVersion = version;
                continue;
            }

            if (++stableLooks >= 2)
            {
                return earliest;
            }
        }

        return null;
    }

    private void Changed(TrackedTimer timer, bool disposed)
    {
        lock (_gate)
        {
            if (disposed)
            {
                _timers.Remove(timer);
            }

            _version++;
        }
    }

    private sealed class TrackedTimer(VirtualClock clock, ITimer inner, DateTimeOffset created, TimeSpan dueTime) : ITimer
    {
        private DateTimeOffset _created = created;
        private TimeSpan _dueTime = dueTime;

        public DateTimeOffset? NextDue(DateTimeOffset now)
        {
            if (_dueTime == Timeout.InfiniteTimeSpan)
            {
                return null;
            }

            var due = _created + _dueTime;
            return due > now ? due : null;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _created = clock.GetUtcNow();
            _dueTime = dueTime;
            clock.Changed(this, disposed: false);
            return inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            clock.Changed(this, disposed: true);
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            clock.Changed(this, disposed: true);
            return inner.DisposeAsync();
        }
    }
}
