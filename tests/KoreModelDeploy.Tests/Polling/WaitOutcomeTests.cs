using KoreModelDeploy.Models;
using static KoreModelDeploy.Tests.Polling.ScriptedJob;
using static KoreModelDeploy.Tests.TestSupport.TestIds;

namespace KoreModelDeploy.Tests.Polling;

public sealed class WaitOutcomeTests
{
    [Fact]
    public async Task A_job_that_succeeds_after_a_few_polls_returns_the_success_status()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("IN_PROGRESS"), Status("IN_PROGRESS"), Status("SUCCESS"));

        var final = await context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        final.Status.Should().Be(DockJobStatus.Success);
        final.Id.Should().Be(DockStatusId);
        context.Job.PostCount.Should().Be(1);
        context.Job.StatusPollTimes.Should().HaveCount(3);
    }

    [Fact]
    public async Task The_first_poll_waits_the_initial_delay_after_the_deploy_answer()
    {
        var context = new PollingTestContext(PollingTestContext.Exact.With(o => o.InitialDelay = TimeSpan.FromSeconds(5)));
        context.Job.Then(Status("SUCCESS"));

        await context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        context.Job.StatusPollTimes.Single().Should().Be(context.Clock.Start + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_failed_job_throws_a_typed_failure_carrying_the_vendor_message_and_id()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("IN_PROGRESS"), Status("FAILED", "GPU quota exceeded for g5.xlarge"));

        var act = () => context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        var failure = (await act.Should().ThrowAsync<KoreJobFailedException>()).Which;
        failure.DockStatusId.Should().Be(DockStatusId);
        failure.VendorMessage.Should().Be("GPU quota exceeded for g5.xlarge");
        failure.Status.Status.Should().Be(DockJobStatus.Failed);
        failure.Message.Should().Contain("GPU quota exceeded for g5.xlarge").And.Contain(DockStatusId);
    }

    [Fact]
    public async Task A_flaky_status_endpoint_does_not_abort_the_wait()
    {
        var context = new PollingTestContext(configure: o => o.AttemptTimeout = TimeSpan.FromSeconds(10));
        context.Job.Then(Error(503), HtmlGateway(), RateLimited(7), Hanging(), Status("IN_PROGRESS"), Status("SUCCESS"));

        var operation = await context.Client.StartDeployAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request);
        var final = await context.RunAsync(operation.WaitForCompletionAsync());

        final.Status.Should().Be(DockJobStatus.Success);
        context.Job.StatusPollTimes.Should().HaveCount(6, "each failed poll is followed by exactly one more poll");
        context.Job.PostCount.Should().Be(1);
    }

    [Fact]
    public async Task Too_many_consecutive_failures_end_the_wait_with_the_last_error()
    {
        var context = new PollingTestContext(PollingTestContext.Exact.With(o => o.MaxConsecutiveFailures = 2));
        context.Job.Then(Error(503), Error(502), Error(500));

        var act = () => context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        var error = (await act.Should().ThrowAsync<KoreApiException>()).Which;
        error.Status.Should().Be(500, "the third failure is the one that exceeded the tolerance");
        error.Kind.Should().Be(KoreErrorKind.ServerError);
        error.Path.Should().Be("/api/public/dock-status/" + DockStatusId);
        context.Job.StatusPollTimes.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_successful_poll_resets_the_consecutive_failure_count()
    {
        var context = new PollingTestContext(PollingTestContext.Exact.With(o => o.MaxConsecutiveFailures = 2));
        context.Job.Then(Error(503), Error(503), Status("IN_PROGRESS"), Error(503), Error(503), Status("SUCCESS"));

        var final = await context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        final.Status.Should().Be(DockJobStatus.Success);
        context.Job.StatusPollTimes.Should().HaveCount(6);
    }

    [Theory]
    [InlineData(401, KoreErrorKind.Authentication)]
    [InlineData(403, KoreErrorKind.Authentication)]
    [InlineData(404, KoreErrorKind.NotFound)]
    public async Task Non_transient_errors_end_the_wait_at_once(int status, KoreErrorKind kind)
    {
        var context = new PollingTestContext();
        context.Job.Then(Error(status));

        var act = () => context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        (await act.Should().ThrowAsync<KoreApiException>()).Which.Kind.Should().Be(kind);
        context.Job.StatusPollTimes.Should().HaveCount(1);
    }

    [Fact]
    public async Task An_undocumented_status_is_not_terminal_and_is_reported_as_it_came()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("QUEUED"), Status("QUEUED"), Status("SUCCESS"));
        var seen = new List<string>();

        var final = await context.RunAsync(context.Client.DeployAndWaitAsync(
            ModelId, ModelType.OpenSource, PollingTestContext.Request, progress: new SynchronousProgress<DockStatus>(s => seen.Add(s.Status.ToString()))));

        final.Status.Should().Be(DockJobStatus.Success);
        seen.Should().Equal("IN_PROGRESS", "QUEUED", "SUCCESS");
    }

    [Fact]
    public async Task A_job_that_never_finishes_times_out_with_its_id_and_last_status()
    {
        var context = new PollingTestContext(PollingTestContext.Exact.With(o => o.Timeout = TimeSpan.FromMinutes(10)));
        context.Job.JobDuration = null;

        var act = () => context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        var timeout = (await act.Should().ThrowAsync<KoreJobTimeoutException>()).Which;
        timeout.DockStatusId.Should().Be(DockStatusId);
        timeout.LastStatus!.Status.Should().Be(DockJobStatus.InProgress);
        timeout.Elapsed.Should().Be(TimeSpan.FromMinutes(10));
        timeout.Message.Should().Contain(DockStatusId);
        context.Clock.Elapsed.Should().Be(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Cancelling_during_a_poll_delay_ends_the_wait_promptly_without_waiting_out_the_delay()
    {
        var context = new PollingTestContext(PollingTestContext.Exact.With(o => { o.InitialDelay = TimeSpan.FromMinutes(5); o.MaxDelay = TimeSpan.FromMinutes(5); }));
        using var cancellation = new CancellationTokenSource();
        var operation = await context.Client.StartDeployAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request);

        var wait = operation.WaitForCompletionAsync(null, null, cancellation.Token);
        await context.Clock.WaitForTimerAsync(TimeSpan.FromMinutes(5));
        cancellation.Cancel();

        // The delay is on the fake clock, which stands still: a wait that ignored cancellation would never end.
        var completed = await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(30)));
        completed.Should().BeSameAs(wait, "cancellation must not wait for the five-minute delay");
        await wait.Invoking(w => w).Should().ThrowAsync<OperationCanceledException>();
        context.Job.StatusPollTimes.Should().BeEmpty();
        context.Clock.PendingTimerCount.Should().Be(0, "no timer may be left behind");
    }

    [Fact]
    public async Task A_wait_resumes_from_the_id_alone_in_a_new_client_instance()
    {
        var context = new PollingTestContext();
        var started = await context.Client.DeployAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request);
        context.Job.Then(Status("IN_PROGRESS"), Status("SUCCESS"));

        // Another process: a new client, only the printed id.
        var otherClient = context.CreateClient();
        var resumed = otherClient.GetDockOperation(started.DockStatusId);
        resumed.LastStatus.Should().BeNull();
        resumed.HasCompleted.Should().BeFalse();
        var final = await context.RunAsync(resumed.WaitForCompletionAsync());

        final.Status.Should().Be(DockJobStatus.Success);
        resumed.HasCompleted.Should().BeTrue();
        context.Job.StatusPollTimes.First().Should().Be(context.Clock.Start, "a resumed wait knows no status yet, so it polls at once");
    }

    [Fact]
    public async Task Waiting_on_a_job_already_known_to_be_finished_makes_no_call()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("SUCCESS"));
        var operation = context.Client.GetDockOperation(DockStatusId);
        await operation.UpdateStatusAsync();
        var calls = context.Job.Requests.Count;

        var final = await operation.WaitForCompletionAsync();

        final.Status.Should().Be(DockJobStatus.Success);
        context.Job.Requests.Should().HaveCount(calls);
    }

    [Fact]
    public async Task A_single_update_returns_a_failed_status_instead_of_throwing()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("FAILED", "out of memory"));
        var operation = context.Client.GetDockOperation(DockStatusId);

        var status = await operation.UpdateStatusAsync();

        status.Status.Should().Be(DockJobStatus.Failed);
        status.Message.Should().Be("out of memory");
        operation.HasCompleted.Should().BeTrue();
    }

    [Fact]
    public async Task Undeploy_and_wait_posts_once_and_waits_for_success()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("IN_PROGRESS"), Status("SUCCESS"));

        var final = await context.RunAsync(context.Client.UndeployAndWaitAsync(ModelId));

        final.Status.Should().Be(DockJobStatus.Success);
        context.Job.Requests.Where(r => r.Method == HttpMethod.Post).Should().ContainSingle()
            .Which.Path.Should().Be($"/api/public/models/{ModelId}/undeploy");
    }

    [Fact]
    public async Task Invalid_per_call_polling_options_are_refused_before_polling()
    {
        var context = new PollingTestContext();
        var operation = context.Client.GetDockOperation(DockStatusId);

        var act = () => operation.WaitForCompletionAsync(PollingTestContext.Exact.With(o => { o.MaxDelay = TimeSpan.FromSeconds(1); o.InitialDelay = TimeSpan.FromSeconds(2); o.Jitter = 0.9; }));

        var error = (await act.Should().ThrowAsync<ArgumentException>()).Which;
        error.Message.Should().Contain("MaxDelay").And.Contain("Jitter");
        context.Job.Requests.Should().BeEmpty();
    }
}
