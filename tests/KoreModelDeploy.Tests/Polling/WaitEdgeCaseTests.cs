using KoreModelDeploy.Models;
using static KoreModelDeploy.Tests.Polling.ScriptedJob;
using static KoreModelDeploy.Tests.TestSupport.TestIds;

namespace KoreModelDeploy.Tests.Polling;

/// <summary>Waits at the edges: extreme server delays, other callers polling the same job, early exits, instant failures.</summary>
public sealed class WaitEdgeCaseTests
{
    [Fact]
    public async Task A_retry_after_longer_than_the_wait_has_left_ends_it_at_once_in_the_typed_timeout()
    {
        var context = new PollingTestContext(PollingTestContext.Exact.With(o => o.Timeout = TimeSpan.FromMinutes(5)));
        context.Job.Then(RateLimited(9_999_999));
        context.Job.JobDuration = null;

        var act = () => context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        var timeout = (await act.Should().ThrowAsync<KoreJobTimeoutException>()).Which;
        timeout.Elapsed.Should().Be(TimeSpan.FromSeconds(5), "the wait ends at the first poll's answer instead of sleeping to its timeout");
        timeout.DockStatusId.Should().Be(DockStatusId);
        var cause = timeout.InnerException.Should().BeOfType<KoreApiException>().Subject;
        cause.Kind.Should().Be(KoreErrorKind.RateLimited);
        cause.RetryAfter.Should().Be(TimeSpan.FromSeconds(9_999_999));
        timeout.Message.Should().Contain("asked for a pause of 9999999 s").And.Contain($"GetDockOperation(\"{DockStatusId}\")");
        context.Job.StatusPollTimes.Should().ContainSingle();
    }

    [Fact]
    public async Task A_retry_after_that_fits_in_what_the_wait_has_left_is_waited_out()
    {
        var context = new PollingTestContext(PollingTestContext.Exact.With(o => o.Timeout = TimeSpan.FromMinutes(5)));
        context.Job.Then(RateLimited(280), Status("SUCCESS"));

        var final = await context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        final.Status.Should().Be(DockJobStatus.Success);
        context.Job.StatusPollTimes.Should().Equal(
            [context.Clock.Start + TimeSpan.FromSeconds(5), context.Clock.Start + TimeSpan.FromSeconds(285)],
            "280 s after the first poll is inside the 5-minute wait");
    }

    [Fact]
    public async Task Too_many_failures_are_reported_as_the_last_error_even_when_it_asks_for_a_long_pause()
    {
        var context = new PollingTestContext(PollingTestContext.Exact.With(o => { o.Timeout = TimeSpan.FromMinutes(5); o.MaxConsecutiveFailures = 1; }));
        context.Job.Then(Error(503), RateLimited(9_999_999));

        var act = () => context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        var error = (await act.Should().ThrowAsync<KoreApiException>("the failure tolerance is spent, so the error itself ends the wait")).Which;
        error.Kind.Should().Be(KoreErrorKind.RateLimited);
        context.Job.StatusPollTimes.Should().HaveCount(2);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(24 * 60, true)]
    [InlineData(24 * 60 + 1, false)]
    public async Task A_wait_timeout_is_accepted_up_to_one_day(int minutes, bool accepted)
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("SUCCESS"));
        var operation = context.Client.GetDockOperation(DockStatusId);

        var act = () => context.RunAsync(operation.WaitForCompletionAsync(PollingTestContext.Exact.With(o => o.Timeout = TimeSpan.FromMinutes(minutes))));

        if (accepted)
        {
            (await act()).Status.Should().Be(DockJobStatus.Success);
        }
        else
        {
            (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("polling:Timeout");
            context.Job.Requests.Should().BeEmpty();
        }
    }

    [Fact]
    public async Task Progress_reports_the_final_status_even_when_another_caller_saw_it_first()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("SUCCESS"), Status("SUCCESS"));
        var operation = await context.Client.StartDeployAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request);
        var reports = new List<string>();

        var wait = operation.WaitForCompletionAsync(null, new SynchronousProgress<DockStatus>(s => reports.Add(s.Status.ToString())));
        (await operation.UpdateStatusAsync()).Status.Should().Be(DockJobStatus.Success, "a health check polls the same operation meanwhile");
        await context.RunAsync(wait);

        reports.Should().Equal("IN_PROGRESS", "SUCCESS");
    }

    [Fact]
    public async Task Breaking_out_of_a_watch_after_a_failed_status_does_not_throw()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("FAILED", "bad weights"));
        var operation = context.Client.GetDockOperation(DockStatusId);

        var watch = async () =>
        {
            await foreach (var status in operation.WatchAsync())
            {
                if (status.Status == DockJobStatus.Failed)
                {
                    break;
                }
            }
        };

        await context.RunAsync(watch.Should().NotThrowAsync());
    }

    [Fact]
    public async Task An_exception_in_the_watch_loop_is_not_replaced_by_the_wait_outcome()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("FAILED", "bad weights"));
        var operation = context.Client.GetDockOperation(DockStatusId);

        var watch = async () =>
        {
            await foreach (var status in operation.WatchAsync())
            {
                throw new FormatException("the consumer's own failure");
            }
        };

        (await context.RunAsync(watch.Should().ThrowAsync<FormatException>())).Which.Message.Should().Be("the consumer's own failure");
    }

    [Fact]
    public async Task A_job_the_deploy_answer_already_reports_failed_carries_the_vendor_message_without_polling()
    {
        var context = new PollingTestContext();
        context.Job.DeployAnswer = $$"""{"dock-statusId":"{{DockStatusId}}","modelId":"{{ModelId}}","jobType":"MODELS","action":"DEPLOY","status":"FAILED","message":"GPU quota exceeded"}""";

        var act = () => context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        (await act.Should().ThrowAsync<KoreJobFailedException>()).Which.VendorMessage.Should().Be("GPU quota exceeded");
        context.Job.StatusPollTimes.Should().BeEmpty();
    }
}
