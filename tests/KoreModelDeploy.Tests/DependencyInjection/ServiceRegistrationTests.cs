using System.Net;
using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.DependencyInjection;

/// <summary><c>AddKoreModelDeploy(configure)</c> registers a working client over IHttpClientFactory.</summary>
public class ServiceRegistrationTests
{
    [Fact]
    public async Task Interface_and_class_resolve_to_clients_that_call_the_configured_host()
    {
        var mock = TestClients.StrictMock();
        var expectation = mock.When(HttpMethod.Get, TestClients.DockStatusUrl)
            .WithHeaders("x-api-key", TestClients.ApiKey)
            .Respond(ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, TestClients.InProgressStatusJson)));
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(o => { o.Host = new Uri(TestClients.Host); o.ApiKey = TestClients.ApiKey; })
            .ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        var byInterface = provider.GetRequiredService<IModelDeploymentClient>();
        var byClass = provider.GetRequiredService<ModelDeploymentClient>();
        await byInterface.GetDockStatusAsync(TestIds.DockStatusId);
        await byClass.GetDockStatusAsync(TestIds.DockStatusId);

        byInterface.Should().BeOfType<ModelDeploymentClient>();
        mock.GetMatchCount(expectation).Should().Be(2);
    }

    [Fact]
    public async Task Own_handler_chained_on_the_returned_builder_runs_on_every_request()
    {
        var mock = TestClients.StrictMock();
        var script = ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, TestClients.AcceptedJson));
        mock.When(HttpMethod.Post, TestClients.UndeployUrl).Respond(script);
        var tagging = new TaggingHandler();
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(o => { o.Host = new Uri(TestClients.Host); o.ApiKey = TestClients.ApiKey; })
            .AddHttpMessageHandler(() => tagging)
            .ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IModelDeploymentClient>().UndeployAsync(TestIds.ModelId);

        tagging.Calls.Should().Be(1);
        script.Requests.Single().Headers["x-tenant"].Should().Be("blue", "the user's handler saw and changed the request");
    }

    [Fact]
    public async Task Retries_happen_inside_the_client_not_in_the_factorys_handlers()
    {
        var mock = TestClients.StrictMock();
        var tagging = new TaggingHandler();
        var expectation = mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(ResponseScript.Of(() => Responses.Status(503)));
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(o =>
            {
                o.Host = new Uri(TestClients.Host);
                o.ApiKey = TestClients.ApiKey;
                o.Retry.MaxRetries = 2;
                o.Retry.Delay = TimeSpan.Zero;
            })
            .AddHttpMessageHandler(() => tagging)
            .ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        var call = () => provider.GetRequiredService<IModelDeploymentClient>().GetDockStatusAsync(TestIds.DockStatusId);

        (await call.Should().ThrowExactlyAsync<KoreApiException>()).Which.Attempts.Should().Be(3);
        mock.GetMatchCount(expectation).Should().Be(3);
        tagging.Calls.Should().Be(3, "every attempt passes through the user's handlers");
    }

    private sealed class TaggingHandler : DelegatingHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            request.Headers.TryAddWithoutValidation("x-tenant", "blue");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
