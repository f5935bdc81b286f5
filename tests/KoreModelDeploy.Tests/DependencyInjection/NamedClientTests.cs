using System.Net;
using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.DependencyInjection;

/// <summary>Named clients for several environments: keyed services, each with its own host, key and handlers.</summary>
public class NamedClientTests
{
    private const string EuHost = "https://eu.agent-platform.example.test";
    private const string UsHost = "https://us.agent-platform.example.test";

    [Fact]
    public async Task Each_named_client_sends_to_its_own_host_with_its_own_key()
    {
        var euMock = TestClients.StrictMock();
        var usMock = TestClients.StrictMock();
        var euCall = euMock.When(HttpMethod.Get, $"{EuHost}/api/public/dock-status/ds-1").WithHeaders("x-api-key", "kg-eu-key")
            .Respond(ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, """{"_id":"ds-1","status":"SUCCESS"}""")));
        var usCall = usMock.When(HttpMethod.Get, $"{UsHost}/api/public/dock-status/ds-1").WithHeaders("x-api-key", "kg-us-key")
            .Respond(ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, """{"_id":"ds-1","status":"FAILED"}""")));
        var services = new ServiceCollection();
        services.AddKoreModelDeploy("eu", o => { o.Host = new Uri(EuHost); o.ApiKey = "kg-eu-key"; }).ConfigurePrimaryHttpMessageHandler(() => euMock);
        services.AddKoreModelDeploy("us", o => { o.Host = new Uri(UsHost); o.ApiKey = "kg-us-key"; }).ConfigurePrimaryHttpMessageHandler(() => usMock);
        using var provider = services.BuildServiceProvider();

        var eu = await provider.GetRequiredKeyedService<IModelDeploymentClient>("eu").GetDockStatusAsync("ds-1");
        var us = await provider.GetRequiredKeyedService<ModelDeploymentClient>("us").GetDockStatusAsync("ds-1");

        eu.Status.ToString().Should().Be("SUCCESS");
        us.Status.ToString().Should().Be("FAILED");
        euMock.GetMatchCount(euCall).Should().Be(1);
        usMock.GetMatchCount(usCall).Should().Be(1);
        provider.GetService<IModelDeploymentClient>().Should().BeNull("only named clients were registered");
    }

    [Fact]
    public void Named_client_validation_names_the_client()
    {
        var services = new ServiceCollection();
        services.AddKoreModelDeploy("eu", o => o.Host = new Uri(EuHost));
        using var provider = services.BuildServiceProvider();

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("KoreModelDeploy (eu):ApiKey is required");
    }

    [Fact]
    public async Task Default_and_named_clients_coexist()
    {
        var defaultMock = new CountingMock();
        var namedMock = new CountingMock();
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(o => { o.Host = new Uri(TestClients.Host); o.ApiKey = TestClients.ApiKey; }).ConfigurePrimaryHttpMessageHandler(() => defaultMock.Handler);
        services.AddKoreModelDeploy("eu", o => { o.Host = new Uri(EuHost); o.ApiKey = "kg-eu-key"; }).ConfigurePrimaryHttpMessageHandler(() => namedMock.Handler);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IModelDeploymentClient>().UndeployAsync("cm-1");
        await provider.GetRequiredKeyedService<IModelDeploymentClient>("eu").UndeployAsync("cm-2");

        defaultMock.Script.Requests.Single().Url.Should().Be($"{TestClients.Host}/api/public/models/cm-1/undeploy");
        namedMock.Script.Requests.Single().Url.Should().Be($"{EuHost}/api/public/models/cm-2/undeploy");
        namedMock.Script.Requests.Single().Headers["x-api-key"].Should().Be("kg-eu-key");
    }
}
