using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.DependencyInjection;

public sealed class OptionsReloadTests
{
    [Fact]
    public async Task A_rotated_api_key_in_reloaded_configuration_is_used_by_clients_resolved_afterwards()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["KoreModelDeploy:Host"] = TestClients.Host,
                ["KoreModelDeploy:ApiKey"] = "kg-key-before-rotation",
            })
            .Build();
        var keys = new List<string>();
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(request =>
        {
            keys.Add(request.Headers.GetValues("x-api-key").Single());
            return Task.FromResult(Responses.Json(System.Net.HttpStatusCode.OK, TestClients.InProgressStatusJson));
        });
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(configuration.GetSection("KoreModelDeploy")).ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IModelDeploymentClient>().GetDockStatusAsync(TestIds.DockStatusId);
        configuration["KoreModelDeploy:ApiKey"] = "kg-key-after-rotation";
        configuration.Reload();
        await provider.GetRequiredService<IModelDeploymentClient>().GetDockStatusAsync(TestIds.DockStatusId);

        keys.Should().Equal("kg-key-before-rotation", "kg-key-after-rotation");
    }
}
