using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Fleet.Tests.TestSupport;

namespace KoreModelDeploy.Fleet.Tests;

/// <summary>A wait outlives the instance that owned it: another instance finishes it, one poller at a time.</summary>
[Collection(FleetGroup.Name)]
public sealed class WaitTakeoverTests(PostgreSqlFixture postgreSql)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_wait_whose_instance_is_killed_mid_poll_is_finished_by_another_instance()
    {
        await using var bed = await FleetBed.StartAsync(postgreSql);
        var a = await bed.StartInstanceAsync("a");

        using var accepted = await a.PostDeploymentAsync("fleet-takeover", FleetBed.RequestJson, "takeover-1");
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var id = (await accepted.Content.ReadFromJsonAsync<DeploymentView>())!.Id;

        // A alone runs: it sent the deploy request and owns the wait. Its next poll is held at the proxy, so it is
        // in the middle of a poll when it dies, its message taken and its lease held.
        await Until.TrueAsync(async () => (await a.GetDeploymentAsync(id)).Polls >= 1, "instance a's first poll", Bound, () => bed.Output);
        var dockStatusId = (await a.GetDeploymentAsync(id)).DockStatusId!;
        await bed.Proxy.HoldNext(VendorProxy.IsPoll).WaitAsync(Bound);
        var b = await bed.StartInstanceAsync("b");
        var c = await bed.StartInstanceAsync("c");

        await a.KillAsync();
        var killed = Stopwatch.GetTimestamp();
        bed.CompleteJobs();

        await Until.TrueAsync(async () => (await b.GetDeploymentAsync(id)).State == "SUCCESS", "another instance to record SUCCESS", Bound, () => bed.Output);
        var fromB = await b.GetDeploymentAsync(id);
        var fromC = await c.GetDeploymentAsync(id);
        fromB.UpdatedBy.Should().BeOneOf("b", "c");
        fromC.Should().Be(fromB, "every remaining instance answers the outcome recorded once");
        bed.Emulator.GetRequestCount(EmulatorEndpoint.Deploy).Should().Be(1, "the deploy request was sent once");

        var polls = bed.Proxy.PollsOf(dockStatusId);
        polls.Should().Contain(p => p.Arrived > killed, "another instance polled after a died");
        for (var i = 1; i < polls.Count; i++)
        {
            polls[i].Arrived.Should().BeGreaterThanOrEqualTo(polls[i - 1].Ended,
                $"poll {i} of the job must not start while poll {i - 1} is in flight (two pollers at once); {bed.Output}");
        }

        // Reading the status, from any instance and however often, never calls the service.
        var before = bed.Proxy.PollsOf(dockStatusId).Count;
        for (var i = 0; i < 20; i++)
        {
            (await (i % 2 == 0 ? b : c).GetDeploymentAsync(id)).State.Should().Be("SUCCESS");
        }

        bed.Proxy.PollsOf(dockStatusId).Should().HaveCount(before);
    }
}
