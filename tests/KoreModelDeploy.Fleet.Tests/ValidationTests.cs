using System.Net;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Fleet.Tests.TestSupport;

namespace KoreModelDeploy.Fleet.Tests;

/// <summary>POST /deployments refuses what the SDK would refuse before recording anything, naming what was wrong.</summary>
[Collection(FleetGroup.Name)]
public sealed class ValidationTests(PostgreSqlFixture postgreSql)
{
    [Fact]
    public async Task An_invalid_deploy_request_is_refused_with_400_naming_the_field_and_nothing_is_sent()
    {
        await using var bed = await FleetBed.StartAsync(postgreSql);
        var a = await bed.StartInstanceAsync("a");
        var invalid = FleetBed.RequestJson.Replace("\"maxTokens\":512", "\"maxTokens\":9999", StringComparison.Ordinal);
        invalid.Should().NotBe(FleetBed.RequestJson);

        using var refused = await a.PostDeploymentAsync("fleet-invalid", invalid, idempotencyKey: null);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("maxTokens");
        bed.Emulator.GetRequestCount(EmulatorEndpoint.Deploy).Should().Be(0);
    }
}
