using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also knows the timers armed on it, which the fake does not expose: a test can
/// wait until the client has scheduled a delay or timeout before moving the clock, check that a finished call left no
/// timer behind, or run a whole call to completion on simulated time.
/// </summary>
/// <remarks>
/// Polly's overall timeout arms its timer through <see cref="ITimer.Change"/> (a cancellation source created idle, then
/// <c>CancelAfter</c>); attempt deadlines and delays through <see cref="CreateTimer"/>; both are recorded.
/// </remarks>
public sealed class TestClock : FakeTimeProvider
{
    // How long the code under test may stay busy, in real time, before a run gives up on it going idle. It bounds each
    // step, not the whole run: a long simulated run takes hundreds of steps, and on a busy machine each of them can take
    // a good part of a second.
    private static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(60);
    // Ends as soon as the code under test arms a timer or finishes, so only a firing that leads nowhere waits it out; it
    // is long because a busy machine can take seconds to run the continuation of a fired timer (500 ms was too short
    // there: the clock jumped to the next timer, an attempt timeout, before a 503 had been reported).
    private static readonly TimeSpan ReactionGrace = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _dueTimes = [];
    private readonly List<TrackedTimer> _live = [];
    private int _created;

    // Bumped on every create, change and dispose, so that RunAsync can tell a parked caller from a working one.
    private int _version;

    // Counts timers armed (created or re-armed), so a run can tell that the code under test reacted to the last move.
    private int _armed;

    public TestClock()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public TimeSpan Elapsed => GetUtcNow() - Start;

    /// <summary>Every due time armed so far, by creation or by <see cref="ITimer.Change"/>, in order.</summary>
    public IReadOnlyList<TimeSpan> DueTimes => Locked(() => _dueTimes.ToArray());

    public int CreatedTimerCount => Locked(() => _created);

    /// <summary>Timers not disposed yet, whether or not they have fired: a finished call must leave none.</summary>
    public int LiveTimerCount => Locked(() => _live.Count);

    /// <summary>Live timers that are armed and have not fired yet.</summary>
    public int PendingTimerCount => Locked(() => _live.Count(t => t.NextDue(GetUtcNow()) is not null));

    /// <summary>Whether a live timer was last armed with this due time: tells which delay a call is parked in.</summary>
    public bool HasLiveTimer(TimeSpan dueTime) => Locked(() => _live.Exists(t => t.DueTime == dueTime));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this, base.CreateTimer(callback, state, dueTime, period), GetUtcNow(), dueTime);
        lock (_gate)
        {
            _created++;
            _live.Add(timer);
            _dueTimes.Add(dueTime);
            _version++;
            _armed++;
        }

        return timer;
    }

    /// <summary>Waits (in real time, briefly) until <paramref name="count"/> timers with this due time have been armed.</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime, int count = 1) =>
        Eventually.WaitUntilAsync(() => DueTimes.Count(d => d == dueTime) >= count, $"{count} timer(s) of {dueTime}");

    public async Task<T> RunAsync<T>(Task<T> task, Func<bool>? isBusy = null, TimeSpan? limit = null)
    {
        await RunAsync((Task)task, isBusy, limit);
        return await task;
    }

    /// <summary>
    /// Runs <paramref name="task"/> to completion on simulated time: whenever the code under test is idle (parked on a
    /// timer, <paramref name="isBusy"/> false), moves time to the earliest pending timer, so long waits pass at once.
    /// </summary>
    /// <param name="task">The work to finish; its own outcome is left for the caller to observe.</param>
    /// <param name="isBusy">The test's signal that the fake server is still doing something.</param>
    /// <param name="limit">Simulated time after <see cref="FakeTimeProvider.Start"/> beyond which the run fails instead of going on.</param>
    /// <param name="step">
    /// Moves time in fixed steps instead: a moment wrongly taken for idle then costs one step rather than a jump
    /// straight to a far timer such as an overall timeout.
    /// </param>
    /// <param name="reactionGrace">
    /// Replaces the real time given to a fired timer that arms nothing, for runs where many firings lead nowhere on
    /// purpose (waits joining a poll already in flight) and what is asserted holds whenever time moves.
    /// </param>
    public async Task RunAsync(Task task, Func<bool>? isBusy = null, TimeSpan? limit = null, TimeSpan? step = null, TimeSpan? reactionGrace = null)
    {
        var deadline = Start + (limit ?? TimeSpan.FromDays(8));
        int? armedAtLastFiring = null;
        while (await WaitForIdleAsync(task, isBusy, DateTime.UtcNow + RealTimeLimit, armedAtLastFiring, reactionGrace ?? ReactionGrace) is { } next)
        {
            var target = step is { } by ? GetUtcNow() + by : next;
            if (target > deadline)
            {
                throw new TimeoutException($"Nothing completed before the simulated limit of {deadline - Start}; time would move to {target - Start}.");
            }

            armedAtLastFiring = target >= next ? Locked(() => _armed) : null;
            Advance(target - GetUtcNow());
        }
    }

    /// <summary>Returns the earliest pending timer once the code under test is idle, or null once the task is done.</summary>
    /// <param name="armedAtLastFiring">
    /// The armed-timer count when the last move fired a timer. The code under test then reacts by arming its next timer
    /// or finishing; until it does, it is not idle but merely slow to resume (on a busy machine), and jumping now
    /// could skip straight to a far timer such as an overall timeout. A fired timer that leads nowhere is given a
    /// short grace period of real time.
    /// </param>
    private async Task<DateTimeOffset?> WaitForIdleAsync(Task task, Func<bool>? isBusy, DateTime realDeadline, int? armedAtLastFiring, TimeSpan reactionGrace)
    {
        // Idle means: not busy, reacted to the last firing, and the set of timers unchanged across consecutive short looks.
        var stableLooks = 0;
        var lastVersion = -1;
        var graceEnds = DateTime.UtcNow + reactionGrace;
        while (!task.IsCompleted)
        {
            if (DateTime.UtcNow > realDeadline)
            {
                throw new TimeoutException($"The code under test did not go idle; simulated time {Elapsed}.");
            }

            await Task.Delay(1);
            int version;
            int armed;
            DateTimeOffset? earliest;
            lock (_gate)
            {
                version = _version;
                armed = _armed;
                var now = GetUtcNow();
                earliest = _live.Select(t => t.NextDue(now)).Min();
            }

            var awaitingReaction = armedAtLastFiring is { } before && armed == before && DateTime.UtcNow < graceEnds;
            if (isBusy?.Invoke() == true || awaitingReaction || version != lastVersion || earliest is null)
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

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private void Rearmed(TrackedTimer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            timer.ArmedAt = GetUtcNow();
            timer.DueTime = dueTime;
            _dueTimes.Add(dueTime);
            _version++;
            _armed++;
        }
    }

    private void Disposed(TrackedTimer timer)
    {
        lock (_gate)
        {
            _live.Remove(timer);
            _version++;
        }
    }

    private sealed class TrackedTimer(TestClock clock, ITimer inner, DateTimeOffset armedAt, TimeSpan dueTime) : ITimer
    {
        // Written under the clock's lock only.
        public DateTimeOffset ArmedAt { get; set; } = armedAt;

        public TimeSpan DueTime { get; set; } = dueTime;

        public DateTimeOffset? NextDue(DateTimeOffset now)
        {
            if (DueTime == Timeout.InfiniteTimeSpan)
            {
                return null;
            }

            var due = ArmedAt + DueTime;
            return due > now ? due : null;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Rearmed(this, dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            clock.Disposed(this);
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            clock.Disposed(this);
            return inner.DisposeAsync();
        }
    }
}
