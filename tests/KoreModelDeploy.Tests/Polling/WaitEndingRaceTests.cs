using System.Net;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;
using static KoreModelDeploy.Tests.Polling.ScriptedJob;
using static KoreModelDeploy.Tests.TestSupport.TestIds;

namespace KoreModelDeploy.Tests.Polling;

/// <summary>
/// A wait that is cancelled or times out just as a poll ends must end as that timeout or cancellation: never pass the
/// running job off as its result, nor surface a failure it would have absorbed. Overlapping polls of one operation must
/// not make a finished job look unfinished again.
/// </summary>
public sealed class WaitEndingRaceTests
{
    [Fact]
    public async Task A_timeout_that_fires_as_a_running_status_arrives_ends_in_the_typed_timeout()
    {
        var context = new PollingTestContext(PollingTestContext.Exact.With(o => o.Timeout = TimeSpan.FromMinutes(1)));
        context.Job.Then(Status("IN_PROGRESS"), Status("SUCCESS"));
        var progress = new SynchronousProgress<DockStatus>(_ => context.Clock.Advance(TimeSpan.FromMinutes(2)));

        var act = () => Eventually.Within(context.Client.GetDockOperation(DockStatusId).WaitForCompletionAsync(polling: null, progress));

        var timeout = (await act.Should().ThrowAsync<KoreJobTimeoutException>("the job was still running when the wait ran out")).Which;
        timeout.DockStatusId.Should().Be(DockStatusId);
        timeout.LastStatus!.Status.Should().Be(DockJobStatus.InProgress);
        context.Job.StatusPollTimes.Should().HaveCount(1);
    }

    [Fact]
    public async Task A_cancellation_as_a_running_status_arrives_ends_in_cancellation()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("IN_PROGRESS"), Status("SUCCESS"));
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress<DockStatus>(_ => cts.Cancel());

        var act = () => Eventually.Within(context.Client.GetDockOperation(DockStatusId).WaitForCompletionAsync(polling: null, progress, cts.Token));

        await act.Should().ThrowAsync<OperationCanceledException>();
        context.Job.StatusPollTimes.Should().HaveCount(1);
    }

    [Fact]
    public async Task A_cancellation_as_a_failed_poll_ends_ends_in_cancellation_not_the_failure()
    {
        using var cts = new CancellationTokenSource();
        var context = new PollingTestContext();
        context.Job.Then(ResponseScript.Answer(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            Content = new CancelOnLastReadContent("""{"errors":[{"msg":"busy"}]}"""u8.ToArray(), cts),
        }));

        var act = () => Eventually.Within(context.Client.GetDockOperation(DockStatusId).WaitForCompletionAsync(cts.Token));

        await act.Should().ThrowAsync<OperationCanceledException>("a 503 the wait would have absorbed is not why it ended");
        context.Job.StatusPollTimes.Should().HaveCount(1);
    }

    [Fact]
    public async Task A_late_running_answer_does_not_undo_a_finished_status()
    {
        var mock = TestClients.StrictMock();
        var late = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var script = new ResponseScript(
            _ => late.Task,
            ResponseScript.Answer(() => Responses.Json(HttpStatusCode.OK, TestClients.InProgressStatusJson.Replace("IN_PROGRESS", "SUCCESS", StringComparison.Ordinal))));
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(script);
        var operation = TestClients.Create(mock).GetDockOperation(TestIds.DockStatusId);

        var slow = operation.UpdateStatusAsync();
        await Eventually.WaitUntilAsync(() => script.Count == 1, "the first poll");
        (await operation.UpdateStatusAsync()).Status.Should().Be(DockJobStatus.Success);
        late.SetResult(Responses.Json(HttpStatusCode.OK, TestClients.InProgressStatusJson));
        var slowStatus = await Eventually.Within(slow);

        slowStatus.Status.Should().Be(DockJobStatus.InProgress, "each call returns its own answer");
        operation.LastStatus!.Status.Should().Be(DockJobStatus.Success, "a job seen finished stays finished");
        operation.HasCompleted.Should().BeTrue();
    }
}
