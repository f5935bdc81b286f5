using static KoreModelDeploy.Emulator.Tests.TestSupport;

namespace KoreModelDeploy.Emulator.Tests;

public sealed class RequestAccountingTests
{
    [Fact]
    public async Task Every_request_is_counted_per_endpoint_whatever_its_answer()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);
        using var unauthenticated = CreateClient(emulator, apiKey: null);
        emulator.Faults.Enqueue(EmulatorFault.ServerError(503), EmulatorEndpoint.Deploy);

        (await DeployAsync(client, "cm-1", SampleOpenSourceBody)).Dispose();
        (await DeployAsync(client, "cm-1", SampleOpenSourceBody)).Dispose();
        (await DeployAsync(client, "cm-1", "{}")).Dispose();
        (await DeployAsync(unauthenticated, "cm-1", SampleOpenSourceBody)).Dispose();
        (await UndeployAsync(client, "cm-1")).Dispose();
        (await StatusAsync(client, "ds-1")).Dispose();
        (await StatusAsync(client, "ds-2")).Dispose();

        emulator.GetRequestCount(EmulatorEndpoint.Deploy).Should().Be(4);
        emulator.GetRequestCount(EmulatorEndpoint.Undeploy).Should().Be(1);
        emulator.GetRequestCount(EmulatorEndpoint.DockStatus).Should().Be(2);
        emulator.GetRequestCount(EmulatorEndpoint.Any).Should().Be(7);
    }

    [Fact]
    public async Task Requests_outside_the_vendor_api_are_not_counted()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);

        using var response = await client.GetAsync(new Uri("api/public/models/cm-1/deploy", UriKind.Relative));
        using var other = await client.GetAsync(new Uri("health", UriKind.Relative));

        ((int)response.StatusCode).Should().Be(405);
        ((int)other.StatusCode).Should().Be(404);
        emulator.GetRequestCount(EmulatorEndpoint.Any).Should().Be(0);
    }

    [Fact]
    public async Task An_undefined_endpoint_value_is_rejected()
    {
        await using var emulator = await StartAsync();

        var act = () => emulator.GetRequestCount((EmulatorEndpoint)99);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
