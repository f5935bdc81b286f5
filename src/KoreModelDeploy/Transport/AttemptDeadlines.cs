namespace KoreModelDeploy.Transport;

/// <summary>
/// The cancellations that end attempts at <see cref="KoreModelDeployOptions.AttemptTimeout"/>, for one transport.
/// </summary>
/// <remarks>
/// <para>Shared (on the system clock): attempts that start close together share one deadline and one timer. A deadline is
/// an attempt's own plus <see cref="TimerResolution"/>, rounded up to a step of a thirty-second of the timeout, at most
/// <see cref="MaximumStep"/>. The system's timers count whole milliseconds on a coarse tick (about 4 ms on Linux,
/// 15.6 ms on Windows) and may fire that much before the moment asked for; the allowance keeps an attempt from being cut
/// short all the same. So an attempt runs at most one step and the allowance past its timeout, besides the timer's own
/// latency, before it is cancelled. Arming and disarming
/// a timer of its own, as a timeout strategy does for each attempt, cost a call more than the rest of the client's work
/// on it (RESULTS.md, "The attempt timeout"). Servers keep their request timeouts the same way: Kestrel checks them on a
/// heartbeat, not with a timer per request.</para>
/// <para>Exact (on any other clock): each attempt gets its own timer, due at exactly its timeout, so that a test
/// stepping a fake clock finds the timeout where it configured it.</para>
/// </remarks>
internal sealed class AttemptDeadlines
{
    /// <summary>The longest step a shared deadline is rounded up to.</summary>
    public static readonly TimeSpan MaximumStep = TimeSpan.FromMilliseconds(100);

    /// <summary>What a shared deadline adds for a timer that fires early by up to a tick of the system's coarse clock.</summary>
    public static readonly TimeSpan TimerResolution = TimeSpan.FromMilliseconds(16);

    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly long _timeoutTimestamps;
    private readonly long _step;
    private readonly long _allowance;
    private readonly object _gate = new();
    private SharedDeadline? _current;

    /// <param name="time">The clock the deadlines run on.</param>
    /// <param name="timeout">How long an attempt may take.</param>
    /// <param name="shared">Whether attempts share deadlines rounded up to a step; otherwise each has its own, exact.</param>
    public AttemptDeadlines(TimeProvider time, TimeSpan timeout, bool shared)
    {
        _time = time;
        _timeout = timeout;
        _timeoutTimestamps = ToTimestamps(timeout);
        var step = TimeSpan.FromTicks(Math.Min(timeout.Ticks / 32, MaximumStep.Ticks));
        _step = shared ? Math.Max(1, ToTimestamps(step)) : 0;
        _allowance = ToTimestamps(TimerResolution);
    }

    /// <summary>The attempt timeout these deadlines keep.</summary>
    public TimeSpan Timeout => _timeout;

    /// <summary>The deadlines of the system clock: shared, as the remarks say.</summary>
    public static AttemptDeadlines For(TimeProvider time, TimeSpan timeout) =>
        new(time, timeout, shared: ReferenceEquals(time, TimeProvider.System));

    /// <summary>
    /// Starts an attempt now: its token is cancelled at its deadline or when <paramref name="callerToken"/> is. Dispose
    /// the result when the attempt is over.
    /// </summary>
    public AttemptDeadline Start(CancellationToken callerToken)
    {
        if (_step == 0)
        {
            var own = CancelAfter(_timeout);
            var registration = callerToken.CanBeCanceled
                ? callerToken.Register(static source => ((CancellationTokenSource)source!).Cancel(), own)
                : default;
            return new AttemptDeadline(own, own, registration);
        }

        var shared = SharedSourceFor(_time.GetTimestamp() + _timeoutTimestamps + _allowance);

        // A caller's token joins the shared one in a source of the attempt's own; cancelling it cancels nothing shared.
        return callerToken.CanBeCanceled
            ? new AttemptDeadline(shared, CancellationTokenSource.CreateLinkedTokenSource(callerToken, shared.Token), default)
            : new AttemptDeadline(shared, null, default);
    }

    // The shared source cancelled at the first step at or after the deadline: the current one when it comes late enough,
    // else a new one, which attempts that start later take in turn. Deadlines only grow, as the clock does.
    private CancellationTokenSource SharedSourceFor(long deadline)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && current.Due >= deadline)
        {
            return current.Source;
        }

        lock (_gate)
        {
            current = _current;
            if (current is not null && current.Due >= deadline)
            {
                return current.Source;
            }

            var due = ((deadline / _step) + (deadline % _step == 0 ? 0 : 1)) * _step;
            var delay = _time.GetElapsedTime(_time.GetTimestamp(), due);
#if NET
            var source = CancelAfter(delay);
#else
            var source = ExecutionContext.IsFlowSuppressed() ? CancelAfter(delay) : CancelAfterWithoutFlow(delay);
#endif
            Volatile.Write(ref _current, new SharedDeadline(due, source));
            return source;
        }
    }

    // Nobody disposes a shared source: its timer goes once it fires, and the attempts' linked sources unregister from it
    // when they are disposed.
    private CancellationTokenSource CancelAfter(TimeSpan delay)
    {
        var due = delay > TimeSpan.Zero ? delay : TimeSpan.FromTicks(1);
#if NET
        return new CancellationTokenSource(due, _time);
#else
        return _time.CreateCancellationTokenSource(due);
#endif
    }

#if !NET
    // .NET Framework's timers capture the execution context they are created in: a shared one must not keep the first
    // attempt's (its async locals, its activity) alive for every attempt after it.
    private CancellationTokenSource CancelAfterWithoutFlow(TimeSpan delay)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return CancelAfter(delay);
        }
    }
#endif

    private long ToTimestamps(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private sealed class SharedDeadline(long due, CancellationTokenSource source)
    {
        public long Due { get; } = due;

        public CancellationTokenSource Source { get; } = source;
    }
}

/// <summary>One attempt's deadline: its token, and whether the deadline rather than the caller ended it.</summary>
internal readonly struct AttemptDeadline : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource? _owned;
    private readonly CancellationTokenRegistration _registration;

    public AttemptDeadline(CancellationTokenSource deadline, CancellationTokenSource? owned, CancellationTokenRegistration registration)
    {
        _deadline = deadline;
        _owned = owned;
        _registration = registration;
        Token = (owned ?? deadline).Token;
    }

    /// <summary>What the attempt passes on: cancelled at the deadline or by the caller.</summary>
    public CancellationToken Token { get; }

    /// <summary>Whether the deadline passed while the caller's token was not cancelled.</summary>
    public bool Expired(CancellationToken callerToken) => _deadline.IsCancellationRequested && !callerToken.IsCancellationRequested;

    public void Dispose()
    {
        _registration.Dispose();
        _owned?.Dispose();
    }
}
