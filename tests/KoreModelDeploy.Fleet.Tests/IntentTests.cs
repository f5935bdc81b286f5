using System.Net;
using System.Net.Http.Json;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Fleet.Tests.TestSupport;

namespace KoreModelDeploy.Fleet.Tests;

/// <summary>The engine's own redelivery never sends a deploy request twice: an intent without a dock status id becomes UNKNOWN.</summary>
[Collection(FleetGroup.Name)]
public sealed class IntentTests(PostgreSqlFixture postgreSql)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_instance_killed_during_the_deploy_request_leaves_an_unknown_deployment_not_a_second_request()
    {
        await using var bed = await FleetBed.StartAsync(postgreSql);
        var a = await bed.StartInstanceAsync("a");
        var held = bed.Proxy.HoldNext(VendorProxy.IsDeploy);

        using var accepted = await a.PostDeploymentAsync("fleet-intent", FleetBed.RequestJson, "intent-1");
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var id = (await accepted.Content.ReadFromJsonAsync<DeploymentView>())!.Id;
        await held.WaitAsync(Bound);
        (await a.GetDeploymentAsync(id)).State.Should().Be("STARTING", "the intent is recorded before the request leaves");

        var b = await bed.StartInstanceAsync("b");
        await a.KillAsync();

        // b receives the start message again (a's transaction never committed) and finds the intent without an id.
        await Until.TrueAsync(async () => (await b.GetDeploymentAsync(id)).State == "UNKNOWN", "the intent to become UNKNOWN", Bound, () => bed.Output);
        var deployment = await b.GetDeploymentAsync(id);
        deployment.UpdatedBy.Should().Be("b");
        deployment.DockStatusId.Should().BeNull();
        bed.Proxy.DeploysOf("fleet-intent").Should().Be(1, "only the held request was ever sent");
        bed.Emulator.GetRequestCount(EmulatorEndpoint.Deploy).Should().Be(0, "the held request never reached the service");
    }
}
