using KoreModelDeploy.Tests.TestSupport;
using KoreModelDeploy.Transport;

namespace KoreModelDeploy.Tests.Transport;

public sealed class AttemptDeadlinesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3.2);

    // A thirty-second of the timeout.
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void An_exact_deadline_has_its_own_timer_at_the_timeout_and_cancels_there()
    {
        var clock = new TestClock();
        var deadlines = new AttemptDeadlines(clock, Timeout, shared: false);

        using var first = deadlines.Start(CancellationToken.None);
        using var second = deadlines.Start(CancellationToken.None);

        clock.DueTimes.Should().Equal(Timeout, Timeout);
        clock.Advance(Timeout - TimeSpan.FromTicks(1));
        first.Token.IsCancellationRequested.Should().BeFalse();
        clock.Advance(TimeSpan.FromTicks(1));
        first.Token.IsCancellationRequested.Should().BeTrue();
        first.Expired(CancellationToken.None).Should().BeTrue();
        second.Expired(CancellationToken.None).Should().BeTrue();
    }

    [Fact]
    public void A_shared_deadline_is_never_before_an_attempts_timeout_and_at_most_a_step_and_the_timer_allowance_after_it()
    {
        var clock = new TestClock();
        var deadlines = new AttemptDeadlines(clock, Timeout, shared: true);
        var random = new Random(23);
        var attempts = new List<(TimeSpan Started, AttemptDeadline Deadline)>();
        for (var i = 0; i < 200; i++)
        {
            attempts.Add((clock.Elapsed, deadlines.Start(CancellationToken.None)));
            clock.Advance(TimeSpan.FromMilliseconds(random.Next(0, 23)));
        }

        var latest = Timeout + Step + AttemptDeadlines.TimerResolution;
        var end = clock.Elapsed + latest;
        while (clock.Elapsed <= end)
        {
            foreach (var (started, deadline) in attempts)
            {
                var age = clock.Elapsed - started;
                if (age < Timeout)
                {
                    deadline.Token.IsCancellationRequested.Should().BeFalse("an attempt started at {0} is {1} old", started, age);
                }
                else if (age >= latest)
                {
                    deadline.Expired(CancellationToken.None).Should().BeTrue("an attempt started at {0} is {1} old", started, age);
                }
            }

            clock.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    [Fact]
    public void Attempts_that_start_within_one_step_share_one_timer()
    {
        var clock = new TestClock();
        var deadlines = new AttemptDeadlines(clock, Timeout, shared: true);

        var tokens = new List<CancellationToken>();
        for (var i = 0; i < 100; i++)
        {
            tokens.Add(deadlines.Start(CancellationToken.None).Token);
            clock.Advance(TimeSpan.FromMilliseconds(0.5));
        }

        // 50 ms of starts lie within one step, or straddle two.
        clock.CreatedTimerCount.Should().BeInRange(1, 2);
        tokens.Distinct().Count().Should().Be(clock.CreatedTimerCount);
    }

    [Fact]
    public void A_callers_cancellation_ends_only_its_own_attempt_and_is_not_a_timeout()
    {
        var clock = new TestClock();
        var deadlines = new AttemptDeadlines(clock, Timeout, shared: true);
        using var caller = new CancellationTokenSource();

        using var cancelled = deadlines.Start(caller.Token);
        using var other = deadlines.Start(CancellationToken.None);
        caller.Cancel();

        cancelled.Token.IsCancellationRequested.Should().BeTrue();
        cancelled.Expired(caller.Token).Should().BeFalse("the caller, not the deadline, ended it");
        other.Token.IsCancellationRequested.Should().BeFalse("the deadline both share has not passed");

        clock.Advance(Timeout + Step + AttemptDeadlines.TimerResolution);
        other.Expired(CancellationToken.None).Should().BeTrue();
        cancelled.Expired(caller.Token).Should().BeFalse("a cancelled call stays the caller's");
    }

    [Fact]
    public void A_caller_token_joins_an_exact_deadline_too()
    {
        var clock = new TestClock();
        var deadlines = new AttemptDeadlines(clock, Timeout, shared: false);
        using var caller = new CancellationTokenSource();

        using var attempt = deadlines.Start(caller.Token);
        caller.Cancel();

        attempt.Token.IsCancellationRequested.Should().BeTrue();
        attempt.Expired(caller.Token).Should().BeFalse();
    }

    [Fact]
    public void The_step_is_a_thirty_second_of_the_timeout_up_to_a_tenth_of_a_second()
    {
        var clock = new TestClock();
        var deadlines = new AttemptDeadlines(clock, TimeSpan.FromMinutes(10), shared: true);

        // Started 1 ms after a step boundary, the attempt's deadline and the timer allowance (16 ms) are rounded up to the next one.
        clock.Advance(TimeSpan.FromMilliseconds(1));
        using var attempt = deadlines.Start(CancellationToken.None);

        clock.DueTimes.Should().ContainSingle().Which.Should().Be(TimeSpan.FromMinutes(10) + AttemptDeadlines.MaximumStep - TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void The_system_clock_shares_deadlines_and_any_other_clock_keeps_them_exact()
    {
        var clock = new TestClock();
        using var exact = AttemptDeadlines.For(clock, Timeout).Start(CancellationToken.None);
        using var exactToo = AttemptDeadlines.For(clock, Timeout).Start(CancellationToken.None);
        clock.DueTimes.Should().Equal(Timeout, Timeout);

        // Ten starts in a row straddle a step boundary at most once, unless the machine stalls 100 ms between each two.
        var system = AttemptDeadlines.For(TimeProvider.System, Timeout);
        var tokens = Enumerable.Range(0, 10).Select(_ => system.Start(CancellationToken.None).Token).ToList();
        tokens.Distinct().Count().Should().BeLessThan(10, "attempts started together on the system clock share a deadline");
    }
}
