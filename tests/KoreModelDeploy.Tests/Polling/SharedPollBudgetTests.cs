using System.Collections.Concurrent;
using System.Threading.Channels;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using static KoreModelDeploy.Tests.Polling.ScriptedJob;
using static KoreModelDeploy.Tests.TestSupport.TestIds;

namespace KoreModelDeploy.Tests.Polling;

/// <summary>A budget given to the client (shared by several processes, in a store) gives every poll its slot, instead of the in-process one.</summary>
public sealed class SharedPollBudgetTests
{
    [Fact]
    public async Task Every_poll_asks_the_shared_budget_for_its_slot_and_the_in_process_budget_no_longer_spaces_them()
    {
        var budget = new ScriptedBudget();
        var mock = TestClients.StrictMock();
        var polls = mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond("application/json", TestClients.InProgressStatusJson);
        // A clock that never moves: the in-process budget would hold the second poll back a second of it, forever.
        var client = TestClients.Create(mock, o => o.UsePollBudget(budget), timeProvider: new FakeTimeProvider());

        await client.GetDockStatusAsync(DockStatusId).WaitAsync(TimeSpan.FromSeconds(30));
        await client.GetDockStatusAsync(DockStatusId).WaitAsync(TimeSpan.FromSeconds(30));

        mock.GetMatchCount(polls).Should().Be(2);
        budget.Asked.Should().Equal((new Uri(TestClients.Host), DockStatusId, TimeSpan.Zero, TimeSpan.FromSeconds(100)), (new Uri(TestClients.Host), DockStatusId, TimeSpan.Zero, TimeSpan.FromSeconds(100)));
    }

    [Fact]
    public async Task A_slot_the_shared_budget_refuses_sends_nothing_and_says_when_the_next_comes()
    {
        var budget = new ScriptedBudget(_ => TimeSpan.FromSeconds(130));
        var mock = TestClients.StrictMock();
        var client = TestClients.Create(mock, o => o.UsePollBudget(budget));

        var failure = await FluentActions.Awaiting(() => client.GetDockStatusAsync(DockStatusId)).Should().ThrowAsync<KoreApiException>();

        failure.Which.Kind.Should().Be(KoreErrorKind.Timeout);
        failure.Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(130));
        failure.Which.Message.Should().Contain("sharing this client's poll budget");
    }

    [Fact]
    public async Task A_budget_whose_store_is_out_of_reach_sends_nothing_and_its_error_reaches_the_caller_as_it_is()
    {
        var budget = new ScriptedBudget(_ => throw Unavailable());
        var mock = TestClients.StrictMock();
        var client = TestClients.Create(mock, o => o.UsePollBudget(budget));

        var failure = await FluentActions.Awaiting(() => client.GetDockStatusAsync(DockStatusId)).Should().ThrowAsync<DockPollBudgetUnavailableException>();

        failure.Which.Store.Should().Be("test store");
        failure.Which.Message.Should().Contain("test store").And.Contain(DockStatusId);
    }

    [Fact]
    public async Task A_retried_poll_takes_its_slot_no_sooner_than_its_backoff()
    {
        var budget = new ScriptedBudget();
        var context = new PollingTestContext(configure: o => o.UsePollBudget(budget));
        context.Job.Then(Error(503), Status("IN_PROGRESS"));

        await context.RunAsync(context.Client.GetDockStatusAsync(DockStatusId));

        context.Job.StatusPollTimes.Should().HaveCount(2);
        budget.Asked.Should().HaveCount(2);
        budget.Asked[1].Earliest.Should().BeGreaterThan(TimeSpan.Zero, "the retry's backoff is its soonest slot");
    }

    [Fact]
    public async Task A_retry_whose_shared_slot_lies_beyond_the_calls_time_is_not_sent_and_the_call_ends_at_once_as_a_timeout_saying_when_the_slot_comes()
    {
        // The first poll goes at once and answers 503; the shared budget then has no slot for the retry for 10 s, past
        // the call's 2 s. The budget is asked once, when the retry takes its slot (the 503 is released by then): the
        // retry is never sent, and the call ends at once as a timeout that says when the slot comes.
        var budget = new ScriptedBudget(n => n == 1 ? TimeSpan.Zero : TimeSpan.FromSeconds(10));
        var context = new PollingTestContext(configure: o =>
        {
            o.UsePollBudget(budget);
            o.Retry = new KoreRetryOptions { Delay = TimeSpan.FromMilliseconds(200), UseJitter = false };
            (o.Timeout, o.AttemptTimeout) = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        });
        context.Job.Then(Error(503), Status("IN_PROGRESS"));

        var call = context.Client.GetDockStatusAsync(DockStatusId);
        await context.Clock.RunAsync(call.ContinueWith(_ => { }, TaskScheduler.Default));

        var error = (await call.Invoking(t => t).Should().ThrowAsync<KoreApiException>()).Which;
        error.Kind.Should().Be(KoreErrorKind.Timeout);
        error.Message.Should().Contain("sharing this client's poll budget").And.Contain("was not sent");
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(10), "the shared budget's next slot for the job");
        context.Clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "the call does not sleep until its timeout");
        context.Job.StatusPollTimes.Should().ContainSingle("the retry the budget had no slot for was not sent");
        budget.Asked.Should().HaveCount(2);
        budget.Asked[1].Latest.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(2), "the retry may wait no longer than the call has left");
    }

    [Fact]
    public async Task A_wait_outlasts_a_store_out_of_reach_without_counting_it_as_failed_polls()
    {
        var failuresLeft = 3;
        var budget = new ScriptedBudget(_ => Interlocked.Decrement(ref failuresLeft) >= 0 ? throw Unavailable() : TimeSpan.Zero);
        var context = new PollingTestContext(
            PollingTestContext.Exact.With(o => o.MaxConsecutiveFailures = 0),
            o => o.UsePollBudget(budget));
        context.Job.Then(Status("SUCCESS"));
        var operation = context.Client.GetDockOperation(DockStatusId);

        var final = await context.RunAsync(operation.WaitForCompletionAsync());

        final.Status.Should().Be(DockJobStatus.Success);
        budget.Asked.Should().HaveCount(4, "three polls found the store out of reach and were not sent; the fourth was");
        context.Job.StatusPollTimes.Should().HaveCount(1);
    }

    [Fact]
    public async Task A_poll_whose_wait_for_its_slot_ended_later_than_the_budget_allows_takes_another_slot_before_it_is_sent()
    {
        // The first slot comes in 2 s, but the process wakes 3 s later (a busy machine, a paused process): sent now, the
        // poll could reach the service just before the one another process sends in the next slot. It takes a new slot,
        // 1 s away, and goes when that comes.
        var budget = new SignallingBudget(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        var (client, clock, polls) = OnFakeClock(budget);

        var call = client.GetDockStatusAsync(DockStatusId);
        await budget.AskedAsync(1);
        clock.Advance(TimeSpan.FromSeconds(3));
        await budget.AskedAsync(2);
        polls.Count.Should().Be(0, "the late poll was not sent");

        // The new slot's timer starts on a pool thread after the ask: the clock moves in small steps until the poll has
        // gone, so a step taken before the timer exists is not lost, and no step is late by more than the limit.
        while (!call.IsCompleted)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(call, Task.Delay(10));
        }

        await call;

        polls.Count.Should().Be(1);
        budget.Asked.Should().Be(2);
    }

    [Fact]
    public async Task A_slot_whose_answer_came_later_than_the_budget_allows_counts_as_late_and_another_is_taken()
    {
        // The store answers "now" only 400 ms after it was asked: it may have decided at the start of that round trip,
        // so the poll is as late as that answer, and takes another slot.
        var firstAnswer = new TaskCompletionSource<bool>();
        var budget = new SignallingBudget(TimeSpan.FromMilliseconds(250), TimeSpan.Zero) { AnswerAfter = n => n == 1 ? firstAnswer.Task : Task.CompletedTask };
        var (client, clock, polls) = OnFakeClock(budget);

        var call = client.GetDockStatusAsync(DockStatusId);
        await budget.AskedAsync(1);
        clock.Advance(TimeSpan.FromMilliseconds(400));
        firstAnswer.SetResult(true);
        await call.WaitAsync(TimeSpan.FromSeconds(30));

        budget.Asked.Should().Be(2, "the slow answer's slot was given up for a new one");
        polls.Count.Should().Be(1);
    }

    [Fact]
    public async Task A_poll_late_again_for_its_second_slot_goes_then_rather_than_take_slots_for_ever()
    {
        // Every answer of this store comes 400 ms after the question, more than the 250 ms a poll may be late: were a
        // late poll to take slots until one came in time, it would never go.
        var answers = new[] { new TaskCompletionSource<bool>(), new TaskCompletionSource<bool>() };
        var budget = new SignallingBudget(TimeSpan.FromMilliseconds(250), TimeSpan.Zero) { AnswerAfter = n => answers[Math.Min(n, 2) - 1].Task };
        var (client, clock, polls) = OnFakeClock(budget);

        var call = client.GetDockStatusAsync(DockStatusId);
        foreach (var (answer, n) in answers.Select((a, i) => (a, i + 1)))
        {
            await budget.AskedAsync(n);
            clock.Advance(TimeSpan.FromMilliseconds(400));
            answer.SetResult(true);
        }

        await call.WaitAsync(TimeSpan.FromSeconds(30));
        budget.Asked.Should().Be(2, "a late poll takes one more slot, not one after another");
        polls.Count.Should().Be(1);
    }

    [Theory]
    [InlineData(200, 250)]
    [InlineData(3000, null)]
    [InlineData(3000, 0)]
    public async Task A_poll_late_within_the_budgets_limit_or_under_a_budget_without_one_or_with_none_above_zero_is_sent_on_its_first_slot(int lateMilliseconds, int? limitMilliseconds)
    {
        var limit = limitMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        var budget = new SignallingBudget(limit, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        var (client, clock, polls) = OnFakeClock(budget);

        var call = client.GetDockStatusAsync(DockStatusId);
        await budget.AskedAsync(1);
        clock.Advance(TimeSpan.FromSeconds(2) + TimeSpan.FromMilliseconds(lateMilliseconds));
        await call.WaitAsync(TimeSpan.FromSeconds(30));

        polls.Count.Should().Be(1);
        budget.Asked.Should().Be(1);
    }

    [Fact]
    public async Task A_late_poll_whose_next_slot_lies_beyond_the_calls_time_is_not_sent()
    {
        var budget = new SignallingBudget(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(300));
        var (client, clock, _) = OnFakeClock(budget);

        var call = client.GetDockStatusAsync(DockStatusId);
        await budget.AskedAsync(1);
        clock.Advance(TimeSpan.FromSeconds(3));

        var error = (await call.Invoking(t => t.WaitAsync(TimeSpan.FromSeconds(30))).Should().ThrowAsync<KoreApiException>()).Which;
        error.Kind.Should().Be(KoreErrorKind.Timeout);
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(300));
        budget.Asked.Should().Be(2);
    }

    [Fact]
    public async Task The_client_builder_gives_a_named_client_its_own_budget()
    {
        var budget = new ScriptedBudget();
        var other = new ScriptedBudget();
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond("application/json", TestClients.InProgressStatusJson);
        var services = new ServiceCollection();
        services.AddKoreModelDeploy("fleet", o => { o.Host = new Uri(TestClients.Host); o.ApiKey = TestClients.ApiKey; })
            .ConfigurePrimaryHttpMessageHandler(() => mock)
            .UseDockPollBudget(_ => budget);
        services.AddKoreModelDeploy("alone", o => { o.Host = new Uri(TestClients.Host); o.ApiKey = TestClients.ApiKey; })
            .UseDockPollBudget(_ => other);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IModelDeploymentClient>("fleet").GetDockStatusAsync(DockStatusId);

        budget.Asked.Should().ContainSingle();
        other.Asked.Should().BeEmpty();
    }

    [Fact]
    public void A_builder_of_another_http_client_is_refused_by_name()
    {
        var builder = new ServiceCollection().AddHttpClient("payments");

        FluentActions.Invoking(() => builder.UseDockPollBudget(_ => new ScriptedBudget()))
            .Should().Throw<ArgumentException>().WithMessage("*AddKoreModelDeploy*'payments'*");
    }

    /// <summary>A client with <paramref name="budget"/> on a clock the test moves, and a count of the polls it sends (each answered IN_PROGRESS).</summary>
    private static (ModelDeploymentClient Client, FakeTimeProvider Clock, PollCount Polls) OnFakeClock(DockPollBudget budget)
    {
        var clock = new FakeTimeProvider();
        var mock = TestClients.StrictMock();
        var polls = mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond("application/json", TestClients.InProgressStatusJson);
        return (TestClients.Create(mock, o => o.UsePollBudget(budget), timeProvider: clock), clock, new PollCount(mock, polls));
    }

    private sealed record PollCount(MockHttpMessageHandler Mock, MockedRequest Request)
    {
        public int Count => Mock.GetMatchCount(Request);
    }

    private static DockPollBudgetUnavailableException Unavailable() => new("test store", DockStatusId, TimeSpan.FromSeconds(1), null);

    /// <summary>Answers the n-th reservation with the n-th slot given (the last one after that) and lets a test await each ask.</summary>
    private sealed class SignallingBudget(TimeSpan? lateSlotLimit, params TimeSpan[] slots) : DockPollBudget
    {
        private readonly Channel<int> _asks = Channel.CreateUnbounded<int>();
        private int _asked;

        public int Asked => Volatile.Read(ref _asked);

        public override TimeSpan? LateSlotLimit => lateSlotLimit;

        /// <summary>When set, the n-th reservation is answered only once the task it returns for n completes.</summary>
        public Func<int, Task>? AnswerAfter { get; init; }

        public override async ValueTask<TimeSpan> ReserveAsync(Uri host, string dockStatusId, TimeSpan earliest, TimeSpan latest, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _asked);
            _asks.Writer.TryWrite(n);
            if (AnswerAfter is { } answerAfter)
            {
                await answerAfter(n);
            }

            return slots[Math.Min(n, slots.Length) - 1];
        }

        /// <summary>Completes once the budget has been asked <paramref name="count"/> times in all (bounded: a hang fails the test).</summary>
        public async Task AskedAsync(int count)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (Asked < count)
            {
                await _asks.Reader.ReadAsync(limit.Token);
            }
        }
    }

    /// <summary>Answers each reservation as the test says and records what was asked.</summary>
    private sealed class ScriptedBudget(Func<int, TimeSpan>? answer = null) : DockPollBudget
    {
        private readonly ConcurrentQueue<(Uri Host, string Id, TimeSpan Earliest, TimeSpan Latest)> _asked = new();

        public IReadOnlyList<(Uri Host, string Id, TimeSpan Earliest, TimeSpan Latest)> Asked => [.. _asked];

        public override ValueTask<TimeSpan> ReserveAsync(Uri host, string dockStatusId, TimeSpan earliest, TimeSpan latest, CancellationToken cancellationToken)
        {
            _asked.Enqueue((host, dockStatusId, earliest, latest));
            var wait = answer?.Invoke(_asked.Count) ?? TimeSpan.Zero;
            return new ValueTask<TimeSpan>(wait < earliest ? earliest : wait);
        }
    }
}
