using KoreModelDeploy.Models;
using static KoreModelDeploy.Tests.Polling.ScriptedJob;
using static KoreModelDeploy.Tests.TestSupport.TestIds;

namespace KoreModelDeploy.Tests.Polling;

public sealed class WatchAndProgressTests
{
    [Fact]
    public async Task The_watch_yields_exactly_the_distinct_statuses_in_order()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("QUEUED"), Status("QUEUED"), Status("IN_PROGRESS"), Status("IN_PROGRESS"), Status("IN_PROGRESS"), Status("SUCCESS"));
        var operation = context.Client.GetDockOperation(DockStatusId);

        var seen = await context.RunAsync(Collect(operation.WatchAsync()));

        seen.Should().Equal("QUEUED", "IN_PROGRESS", "SUCCESS");
        context.Job.StatusPollTimes.Should().HaveCount(6);
    }

    [Fact]
    public async Task The_watch_of_a_started_deployment_begins_with_the_deploy_answer()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("IN_PROGRESS"), Status("SUCCESS"));
        var operation = await context.Client.StartDeployAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request);

        var seen = await context.RunAsync(Collect(operation.WatchAsync()));

        seen.Should().Equal("IN_PROGRESS", "SUCCESS");
    }

    [Fact]
    public async Task The_watch_yields_a_failed_status_then_throws_the_typed_failure()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("IN_PROGRESS"), Status("FAILED", "image pull failed"));
        var operation = context.Client.GetDockOperation(DockStatusId);
        var seen = new List<string>();

        var act = () => context.RunAsync(CollectInto(operation.WatchAsync(), seen));

        (await act.Should().ThrowAsync<KoreJobFailedException>()).Which.VendorMessage.Should().Be("image pull failed");
        seen.Should().Equal("IN_PROGRESS", "FAILED");
    }

    [Fact]
    public async Task Stopping_the_watch_early_stops_polling()
    {
        var context = new PollingTestContext();
        context.Job.JobDuration = null;
        var operation = await context.Client.StartDeployAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request);

        await foreach (var status in operation.WatchAsync())
        {
            status.Status.Should().Be(DockJobStatus.InProgress);
            break;
        }

        context.Clock.PendingTimerCount.Should().Be(0, "the background wait must be stopped with the enumeration");
        context.Job.StatusPollTimes.Should().BeEmpty();
    }

    [Fact]
    public async Task Progress_is_told_each_change_not_each_poll()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("IN_PROGRESS"), Status("IN_PROGRESS"), Status("IN_PROGRESS"), Status("SUCCESS"));
        var reports = new List<DockStatus>();

        await context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request, progress: new SynchronousProgress<DockStatus>(reports.Add)));

        reports.Select(r => r.Status).Should().Equal(DockJobStatus.InProgress, DockJobStatus.Success);
        reports[^1].Id.Should().Be(DockStatusId);
    }

    private static async Task<List<string>> Collect(IAsyncEnumerable<DockStatus> statuses)
    {
        var seen = new List<string>();
        await CollectInto(statuses, seen);
        return seen;
    }

    private static async Task<List<string>> CollectInto(IAsyncEnumerable<DockStatus> statuses, List<string> seen)
    {
        await foreach (var status in statuses)
        {
            seen.Add(status.Status.ToString());
        }

        return seen;
    }
}
