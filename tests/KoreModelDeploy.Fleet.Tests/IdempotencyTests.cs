using System.Net;
using System.Net.Http.Json;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Fleet.Tests.TestSupport;

namespace KoreModelDeploy.Fleet.Tests;

/// <summary>POST /deployments with an Idempotency-Key starts one deployment however often, and through whichever instance, it comes.</summary>
[Collection(FleetGroup.Name)]
public sealed class IdempotencyTests(PostgreSqlFixture postgreSql)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_same_idempotency_key_twice_gives_one_deployment_and_one_deploy_request()
    {
        await using var bed = await FleetBed.StartAsync(postgreSql);
        var a = await bed.StartInstanceAsync("a");
        var b = await bed.StartInstanceAsync("b");

        using var first = await a.PostDeploymentAsync("fleet-idempotent", FleetBed.RequestJson, "same-key");
        using var second = await b.PostDeploymentAsync("fleet-idempotent", FleetBed.RequestJson, "same-key");

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        second.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var id = (await first.Content.ReadFromJsonAsync<DeploymentView>())!.Id;
        (await second.Content.ReadFromJsonAsync<DeploymentView>())!.Id.Should().Be(id);

        await Until.TrueAsync(async () => (await a.GetDeploymentAsync(id)).Polls >= 1, "the deployment's first poll", Bound, () => bed.Output);
        using var third = await b.PostDeploymentAsync("fleet-idempotent", FleetBed.RequestJson, "same-key");
        (await third.Content.ReadFromJsonAsync<DeploymentView>())!.Id.Should().Be(id);
        bed.Emulator.GetRequestCount(EmulatorEndpoint.Deploy).Should().Be(1);
        bed.Proxy.DeploysOf("fleet-idempotent").Should().Be(1);
    }

    [Fact]
    public async Task The_same_idempotency_key_for_another_request_is_refused_with_409()
    {
        await using var bed = await FleetBed.StartAsync(postgreSql);
        var a = await bed.StartInstanceAsync("a");

        using var first = await a.PostDeploymentAsync("fleet-first", FleetBed.RequestJson, "reused-key");
        using var other = await a.PostDeploymentAsync("fleet-other", FleetBed.RequestJson, "reused-key");

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        other.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await other.Content.ReadAsStringAsync()).Should().Contain("Idempotency-Key");
    }
}
