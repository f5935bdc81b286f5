using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using static KoreModelDeploy.Tests.Polling.ScriptedJob;
using static KoreModelDeploy.Tests.TestSupport.TestIds;

namespace KoreModelDeploy.Tests.Polling;

/// <summary>
/// Whoever polls one job (waits, watches, single calls, other clients in the process), its Get Dock Status calls stay
/// at least a second apart and within the vendor's limits.
/// </summary>
public sealed class OnePollBudgetPerJobTests
{
    [Fact]
    public async Task Twenty_waits_on_one_operation_with_default_polling_send_at_most_one_poll_a_second()
    {
        var context = new PollingTestContext(new DockPollingOptions());
        context.Job.JobDuration = TimeSpan.FromMinutes(3);
        var operation = await context.Client.StartDeployAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request);

        var waits = Task.WhenAll(Enumerable.Range(0, 20).Select(_ => operation.WaitForCompletionAsync()));

        // Most of the waits' timers lead to joining a poll already in flight, which arms nothing; the spacing asserted
        // below is kept by the budget on the clock, however early time moves on.
        await context.Clock.RunAsync(waits, () => context.Job.IsBusy, reactionGrace: TimeSpan.FromMilliseconds(20));
        var finals = await waits;

        finals.Should().OnlyContain(s => s.Status == DockJobStatus.Success);
        var polls = context.Job.StatusPollTimes.Order().ToList();
        polls.Zip(polls.Skip(1), (a, b) => b - a).Should().OnlyContain(gap => gap >= TimeSpan.FromSeconds(1));
        PollTimes.MostInAnyWindow(polls, TimeSpan.FromMinutes(1)).Should().BeLessThanOrEqualTo(60);
        PollTimes.MostInAnyWindow(polls, TimeSpan.FromSeconds(1)).Should().Be(1, "20 waits sent 20 polls in their first second before");
    }

    [Fact]
    public async Task Update_status_answered_429_with_retry_after_zero_retries_a_second_apart()
    {
        var context = new PollingTestContext();
        context.Job.Then(RateLimited(0), RateLimited(0), RateLimited(0), Status("IN_PROGRESS"));
        var operation = context.Client.GetDockOperation(DockStatusId);

        var status = await context.RunAsync(operation.UpdateStatusAsync());

        status.Status.Should().Be(DockJobStatus.InProgress);
        context.Job.StatusPollTimes.Select(t => t - context.Clock.Start).Should().Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)],
            "four requests within 10 ms were sent before");
    }

    [Fact]
    public async Task Each_retried_attempt_of_one_status_call_takes_its_own_slot_and_the_log_says_how_long_it_waits()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var context = new PollingTestContext();
        var client = context.CreateClient(configure: ShortBackoff, loggers: loggers);
        context.Job.Then(Error(503), Error(502), Status("IN_PROGRESS"));

        var status = await context.RunAsync(client.GetDockStatusAsync(DockStatusId));

        status.Status.Should().Be(DockJobStatus.InProgress);
        context.Job.StatusPollTimes.Select(t => t - context.Clock.Start).Should().Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)],
            "a backoff of 200 and 400 ms sent the retries 0.2 and 0.6 s after the first poll before");
        logs.Entries.Where(e => e.EventId.Id == 3).Select(e => e.Values["DelayMilliseconds"]).Should().Equal(1000d, 1000d);
    }

    [Fact]
    public async Task A_retry_waits_behind_another_callers_poll_of_the_same_job()
    {
        var context = new PollingTestContext();
        var retrying = context.CreateClient(configure: o => o.Retry = new KoreRetryOptions { Delay = TimeSpan.FromSeconds(1), UseJitter = false });
        var other = context.CreateClient();
        context.Job.Then(Error(503), Status("IN_PROGRESS"), Status("IN_PROGRESS"));

        // The retry's own backoff ends at 1 s, the slot the other caller already holds.
        var retried = retrying.GetDockStatusAsync(DockStatusId);
        var queued = other.GetDockStatusAsync(DockStatusId);
        await context.RunAsync(Task.WhenAll(retried, queued));

        (await retried).Status.Should().Be(DockJobStatus.InProgress);
        (await queued).Status.Should().Be(DockJobStatus.InProgress);
        context.Job.StatusPollTimes.Select(t => t - context.Clock.Start).Should().Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)],
            "the retry and the other caller both polled at 1 s before");
    }

    [Fact]
    public async Task A_retry_whose_slot_lies_beyond_the_calls_time_is_not_waited_for_and_the_error_says_when_it_comes()
    {
        var context = new PollingTestContext();
        var retrying = context.CreateClient(configure: o =>
        {
            ShortBackoff(o);
            (o.Timeout, o.AttemptTimeout) = (TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500));
        });
        var other = context.CreateClient();
        context.Job.Then(Hanging(), Status("IN_PROGRESS"), Status("IN_PROGRESS"));

        // The first attempt hangs until its attempt timeout at 0.5 s; meanwhile another caller takes the slots at 1 s
        // and 2 s, so the retry's slot would be at 3 s, past the call's 2 s.
        var retried = retrying.GetDockStatusAsync(DockStatusId);
        var queued = Task.WhenAll(other.GetDockStatusAsync(DockStatusId), other.GetDockStatusAsync(DockStatusId));
        await context.Clock.RunAsync(retried.ContinueWith(_ => { }, TaskScheduler.Default));

        var error = (await retried.Invoking(t => t).Should().ThrowAsync<KoreApiException>()).Which;
        context.Clock.Elapsed.Should().Be(TimeSpan.FromMilliseconds(500), "the call ends when its attempt does, instead of sleeping until its timeout");
        error.Kind.Should().Be(KoreErrorKind.Timeout);
        error.Attempts.Should().Be(1);
        error.RetryAfter.Should().Be(TimeSpan.FromMilliseconds(2500), "the job's next slot is at 3 s");

        await context.RunAsync(queued);
        context.Job.StatusPollTimes.Select(t => t - context.Clock.Start).Should().Equal(TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_5xx_whose_retry_slot_lies_beyond_the_calls_time_is_reported_at_once_as_the_services_answer()
    {
        var context = new PollingTestContext();
        var retrying = context.CreateClient(configure: o =>
        {
            ShortBackoff(o);
            (o.Timeout, o.AttemptTimeout) = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        });
        var other = context.CreateClient();
        var slow503 = Error(503);
        context.Job.Then(
            async request =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), context.Clock);
                return await slow503(request);
            },
            Status("IN_PROGRESS"),
            Status("IN_PROGRESS"));

        var retried = retrying.GetDockStatusAsync(DockStatusId);
        var queued = Task.WhenAll(other.GetDockStatusAsync(DockStatusId), other.GetDockStatusAsync(DockStatusId));

        // The scripted answer takes simulated time while the job counts as busy: time moves without asking.
        await context.Clock.RunAsync(retried.ContinueWith(_ => { }, TaskScheduler.Default));

        var error = (await retried.Invoking(t => t).Should().ThrowAsync<KoreApiException>()).Which;
        context.Clock.Elapsed.Should().Be(TimeSpan.FromMilliseconds(500));
        error.Kind.Should().Be(KoreErrorKind.ServerError);
        error.Status.Should().Be(503);
        error.IsTransient.Should().BeTrue();
        error.RetryAfter.Should().Be(TimeSpan.FromMilliseconds(2500));
        error.Message.Should().Contain("Retry after 2.5 s.");

        await context.RunAsync(queued);
        context.Job.StatusPollTimes.Should().HaveCount(3, "the refused retry sent nothing");
    }

    [Theory]
    [InlineData("ds-plain-id")]
    [InlineData("ds/ünïcode?&=id")]
    public async Task A_retry_counts_against_the_same_budget_as_the_first_attempt_whatever_the_id_needs_escaping(string id)
    {
        var context = new PollingTestContext();
        var client = context.CreateClient(configure: ShortBackoff);
        context.Job.Then(Error(503), Status("IN_PROGRESS"));

        await context.RunAsync(client.GetDockStatusAsync(id));

        context.Job.StatusPollTimes.Select(t => t - context.Clock.Start).Should().Equal(TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_single_call_of_another_client_in_the_process_waits_for_the_jobs_next_slot()
    {
        var context = new PollingTestContext();
        var other = context.CreateClient();

        await context.Client.GetDockStatusAsync(DockStatusId);
        await context.RunAsync(other.GetDockStatusAsync(DockStatusId));
        await context.Client.GetDockStatusAsync("ds-another-job");

        context.Job.StatusPollTimes.Select(t => t - context.Clock.Start).Should().Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)],
            "the second poll of the job waits its second, and another job is not held back");
    }

    [Fact]
    public async Task A_call_whose_slot_is_beyond_its_timeout_fails_at_once_without_sending()
    {
        var context = new PollingTestContext(configure: o => (o.Timeout, o.AttemptTimeout) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        var token = CancellationToken.None;

        await context.Client.GetDockStatusAsync(DockStatusId, token);
        var withinTimeout = context.Client.GetDockStatusAsync(DockStatusId, token);
        var beyondTimeout = context.Client.GetDockStatusAsync(DockStatusId, token);

        beyondTimeout.IsFaulted.Should().BeTrue("a call that cannot be made within its timeout fails rather than hangs");
        var error = (await beyondTimeout.Invoking(t => t).Should().ThrowAsync<KoreApiException>()).Which;
        error.Kind.Should().Be(KoreErrorKind.Timeout);
        error.IsTransient.Should().BeTrue();
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(2));
        error.Attempts.Should().Be(0);
        error.Path.Should().Be("/api/public/dock-status/" + DockStatusId);
        error.Message.Should().Contain("was not sent").And.Contain("next poll of this job is allowed in 2 s").And.Contain("timeout of 1 s");
        context.Job.StatusPollTimes.Should().HaveCount(1);

        await context.RunAsync(withinTimeout);
        context.Job.StatusPollTimes.Select(t => t - context.Clock.Start).Should().Equal(TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_wait_polls_after_a_single_call_only_once_the_jobs_slot_comes()
    {
        var context = new PollingTestContext(new DockPollingOptions { Jitter = 0, InitialDelay = TimeSpan.FromMilliseconds(300) });
        context.Job.Then(Status("IN_PROGRESS"), Status("SUCCESS"));
        var operation = context.Client.GetDockOperation(DockStatusId);

        await operation.UpdateStatusAsync();
        await context.RunAsync(operation.WaitForCompletionAsync());

        context.Job.StatusPollTimes.Select(t => t - context.Clock.Start).Should().Equal(TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    private static void ShortBackoff(KoreModelDeployOptions options) =>
        options.Retry = new KoreRetryOptions { Delay = TimeSpan.FromMilliseconds(200), UseJitter = false };
}
