using KoreModelDeploy.Polling;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Polling;

public sealed class PollBudgetTests
{
    private static readonly TimeSpan Forever = TimeSpan.FromDays(1);

    [Fact]
    public void Polls_of_one_id_taken_at_once_get_slots_a_second_apart()
    {
        var budget = new PollBudget(new TestClock());

        var waits = Enumerable.Range(0, 5).Select(_ => Reserve(budget, "ds-1")).ToList();

        waits.Should().Equal(Seconds(0), Seconds(1), Seconds(2), Seconds(3), Seconds(4));
    }

    [Fact]
    public void Other_ids_are_not_held_back()
    {
        var budget = new PollBudget(new TestClock());
        Reserve(budget, "ds-1");

        Reserve(budget, "ds-2").Should().Be(TimeSpan.Zero);
        Reserve(budget, "ds-1").Should().Be(Seconds(1));
    }

    [Fact]
    public void Ids_kept_as_hashes_do_not_share_a_budget()
    {
        // Ids that differ in one character, in case, or only by length: each is its own job.
        var budget = new PollBudget(new TestClock());
        var ids = Enumerable.Range(0, 50_000)
            .Select(i => $"ds-{i:x8}-5770-4772-b963-f893e4e277a1")
            .Concat(["ds-A", "ds-a", "ds-a\0", "ds-", "ds--"])
            .ToList();

        ids.Where(id => Reserve(budget, id) != TimeSpan.Zero).Should().BeEmpty("no two of these ids may share a slot");
        budget.TrackedIds.Should().Be(ids.Count);
        ids.Take(3).Select(id => Reserve(budget, id)).Should().OnlyContain(wait => wait == Seconds(1));
    }

    [Fact]
    public void A_poll_a_second_or_more_after_the_last_goes_at_once()
    {
        var clock = new TestClock();
        var budget = new PollBudget(clock);
        Reserve(budget, "ds-1");

        clock.Advance(TimeSpan.FromMilliseconds(400));
        Reserve(budget, "ds-1").Should().Be(TimeSpan.FromMilliseconds(600));

        clock.Advance(TimeSpan.FromSeconds(5));
        Reserve(budget, "ds-1").Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void A_slot_beyond_what_the_caller_can_wait_is_refused_and_left_for_others()
    {
        var budget = new PollBudget(new TestClock());
        Reserve(budget, "ds-1");

        budget.TryReserve("ds-1", TimeSpan.FromMilliseconds(500), out var refused).Should().BeFalse();
        refused.Should().Be(Seconds(1), "the refusal says when the slot would have come");

        budget.TryReserve("ds-1", Seconds(1), out var taken).Should().BeTrue();
        taken.Should().Be(Seconds(1), "the refused slot was not used up");
    }

    [Fact]
    public void A_retry_slot_comes_no_sooner_than_its_backoff_nor_sooner_than_the_jobs_next_slot()
    {
        var clock = new TestClock();
        var budget = new PollBudget(clock);
        Reserve(budget, "ds-1");

        budget.Reserve("ds-1", TimeSpan.FromMilliseconds(200)).Should().Be(Seconds(1), "the job was polled just now");
        budget.Reserve("ds-1", Seconds(5)).Should().Be(Seconds(5), "a backoff beyond the next slot is kept as it is");
        Reserve(budget, "ds-1").Should().Be(Seconds(6), "the retry's slot at 5 s is taken");
        budget.Reserve("ds-2", TimeSpan.FromMilliseconds(200)).Should().Be(TimeSpan.FromMilliseconds(200), "another job is not held back");
    }

    [Fact]
    public void Retries_count_against_the_hourly_limit_as_every_poll_does()
    {
        var clock = new TestClock();
        var budget = new PollBudget(clock);
        var polls = new List<TimeSpan>();
        while (clock.Elapsed < TimeSpan.FromHours(2))
        {
            // A first attempt, then a retry with no backoff of its own, over and over.
            var wait = polls.Count % 2 == 0 ? Reserve(budget, "ds-1") : budget.Reserve("ds-1", TimeSpan.Zero);
            clock.Advance(wait);
            polls.Add(clock.Elapsed);
        }

        Gaps(polls).Min().Should().BeGreaterThanOrEqualTo(Seconds(1));
        PollTimes.MostInAnyWindow(polls, TimeSpan.FromHours(1)).Should().BeLessThanOrEqualTo(PollBudget.HourlyLimit);
    }

    [Fact]
    public void A_poller_going_as_fast_as_allowed_for_three_hours_keeps_every_hour_within_1800_and_every_gap_at_a_second()
    {
        var clock = new TestClock();
        var budget = new PollBudget(clock);
        var polls = new List<TimeSpan>();
        while (clock.Elapsed < TimeSpan.FromHours(3))
        {
            clock.Advance(Reserve(budget, "ds-1"));
            polls.Add(clock.Elapsed);
        }

        Gaps(polls).Min().Should().BeGreaterThanOrEqualTo(Seconds(1));
        var busiestHour = PollTimes.MostInAnyWindow(polls, TimeSpan.FromHours(1));
        busiestHour.Should().BeLessThanOrEqualTo(PollBudget.HourlyLimit);
        busiestHour.Should().BeGreaterThan(1750, "the budget should use nearly all of what the vendor allows");
        PollTimes.MostInAnyWindow(polls, TimeSpan.FromMinutes(1)).Should().BeLessThanOrEqualTo(60);
    }

    [Fact]
    public void A_poller_that_stays_under_the_hourly_rate_is_only_held_to_the_spacing()
    {
        var clock = new TestClock();
        var budget = new PollBudget(clock);

        for (var i = 0; i < 3 * 3600 / 5; i++)
        {
            Reserve(budget, "ds-1").Should().Be(TimeSpan.Zero, "one poll every 5 seconds is 720 an hour");
            clock.Advance(Seconds(5));
        }
    }

    [Fact]
    public async Task Callers_reserving_in_parallel_get_distinct_slots_a_second_apart()
    {
        var budget = new PollBudget(new TestClock());
        using var start = new Barrier(8);

        // Threads of their own: eight callers blocked on the barrier would otherwise wait for the thread pool to grow.
        var waits = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return Enumerable.Range(0, 50).Select(_ => Reserve(budget, "ds-1")).ToList();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        waits.SelectMany(w => w).Order().Should().Equal(Enumerable.Range(0, 400).Select(i => Seconds(i)));
    }

    [Fact]
    public void A_sweep_forgets_ids_that_no_longer_limit_anything_and_keeps_the_others()
    {
        var clock = new TestClock();
        var budget = new PollBudget(clock);
        for (var i = 0; i < 1000; i++)
        {
            Reserve(budget, "ds-idle-" + i);
        }

        clock.Advance(Seconds(10));
        Reserve(budget, "ds-recent");
        budget.Sweep();

        budget.TrackedIds.Should().Be(1);
        Reserve(budget, "ds-recent").Should().Be(Seconds(1), "the id polled a moment ago is still held to the spacing");
    }

    [Fact]
    public void An_id_that_used_its_hourly_burst_is_remembered_until_its_debt_is_paid()
    {
        var clock = new TestClock();
        var budget = new PollBudget(clock);
        for (var i = 0; i < 1500; i++)
        {
            clock.Advance(Reserve(budget, "ds-busy"));
        }

        clock.Advance(TimeSpan.FromMinutes(30));
        budget.Sweep();
        budget.TrackedIds.Should().Be(1, "forgetting it now would let it poll above 1,800 an hour");

        clock.Advance(TimeSpan.FromHours(2));
        budget.Sweep();
        budget.TrackedIds.Should().Be(0);
    }

    [Fact]
    public async Task Polling_goes_on_sweeping_by_itself_so_memory_follows_recent_ids()
    {
        var clock = new TestClock();
        var budget = new PollBudget(clock);
        for (var i = 0; i < 1000; i++)
        {
            Reserve(budget, "ds-" + i);
        }

        clock.Advance(PollBudget.GenerationLength + Seconds(5));
        Reserve(budget, "ds-new");

        await Eventually.WaitUntilAsync(() => budget.TrackedIds == 1, "the ids left idle to be forgotten");
    }

    [Fact]
    public void Clients_on_one_clock_share_the_budget_of_a_host_whatever_the_credentials_path_or_case()
    {
        var clock = new TestClock();

        var budget = PollBudget.For(clock, new Uri("https://kore.example"));

        PollBudget.For(clock, new Uri("https://user:secret@KORE.example/some/path")).Should().BeSameAs(budget);
        PollBudget.For(clock, new Uri("https://other.example")).Should().NotBeSameAs(budget);
        PollBudget.For(clock, new Uri("https://kore.example:8443")).Should().NotBeSameAs(budget);
        PollBudget.For(new TestClock(), new Uri("https://kore.example")).Should().NotBeSameAs(budget, "times of different clocks cannot be compared");
    }

    private static TimeSpan Reserve(PollBudget budget, string id)
    {
        budget.TryReserve(id, Forever, out var wait).Should().BeTrue();
        return wait;
    }

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);

    private static IEnumerable<TimeSpan> Gaps(List<TimeSpan> times) => times.Zip(times.Skip(1), (a, b) => b - a);
}
