using System.Net;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using KoreModelDeploy.Tests.TestSupport.Hostile;
using KoreModelDeploy.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace KoreModelDeploy.Tests.Transport;

/// <summary>
/// Over real sockets, with a proxy on 127.0.0.3 standing in for the platform's (what <c>HTTP_PROXY</c> would set): the
/// package's handlers send nothing for a loopback host through it, and still use it for every other host. The platform
/// proxy is handed in, so no test changes the process's proxy settings.
/// </summary>
public sealed class ProxyTests
{
    private const string AcceptedJson = """{"dock-statusId":"ds-1","modelId":"cm-1","jobType":"MODELS","action":"DEPLOY","status":"IN_PROGRESS"}""";

    [Fact]
    public async Task A_loopback_host_is_reached_directly_although_the_platform_has_a_proxy()
    {
        await using var proxy = HostileServer.Start(HostileServer.Proxy, HostileReply.Answer(502, "proxy"));
        await using var service = HostileServer.Start(HostileServer.Service, HostileReply.Json(200, AcceptedJson));
        using var handler = KoreHttpHandlers.CreateShared(new LoopbackBypassProxy(() => new WebProxy(proxy.BaseAddress)));
        var client = new ModelDeploymentClient(new HttpClient(handler), Options(service));

        var response = await client.DeployAsync("cm-1", ModelType.OpenSource, TestClients.ValidRequest);

        response.DockStatusId.Should().Be("ds-1");
        service.Requests.Should().ContainSingle().Which.Header("x-api-key").Should().Be(TestClients.ApiKey);
        proxy.Requests.Should().BeEmpty("the key must not travel through a proxy to a host on this machine");
        proxy.Connections.Should().Be(0);
    }

    [Fact]
    public async Task Without_the_loopback_rule_the_same_proxy_would_receive_the_call()
    {
        // Guards the test above: the proxy on 127.0.0.3 really is used for loopback traffic by a handler that has no
        // loopback rule, which is what the package's handler was before.
        await using var proxy = HostileServer.Start(HostileServer.Proxy, HostileReply.Json(200, AcceptedJson));
        await using var service = HostileServer.Start(HostileServer.Service, HostileReply.Json(200, AcceptedJson));
        using var handler = new SocketsHttpHandler { Proxy = new WebProxy(proxy.BaseAddress), AllowAutoRedirect = false };
        var client = new ModelDeploymentClient(new HttpClient(handler), Options(service));

        await client.DeployAsync("cm-1", ModelType.OpenSource, TestClients.ValidRequest);

        proxy.Requests.Should().ContainSingle().Which.Target.Should().StartWith(service.BaseAddress.AbsoluteUri);
        service.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Other_hosts_keep_the_platform_proxy_for_http_and_https()
    {
        await using var proxy = HostileServer.Start(HostileServer.Proxy, HostileReply.Answer(502, "no upstream"));
        using var handler = KoreHttpHandlers.CreateShared(new LoopbackBypassProxy(() => new WebProxy(proxy.BaseAddress)));
        using var http = new HttpClient(handler);

        using (var plain = await http.GetAsync(new Uri("http://kore-proxy-check.example/api/public/dock-status/ds-1")))
        {
            plain.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        }

        var tunnel = () => http.GetAsync(new Uri("https://kore-proxy-check.example/api/public/dock-status/ds-1"));
        await tunnel.Should().ThrowAsync<HttpRequestException>("the proxy refuses the tunnel");

        proxy.Requests.Select(r => (r.Method, r.Target)).Should().Equal(
            ("GET", "http://kore-proxy-check.example/api/public/dock-status/ds-1"),
            ("CONNECT", "kore-proxy-check.example:443"));
    }

    [Fact]
    public void The_shared_handler_follows_no_redirects_and_decides_the_proxy_per_request()
    {
        if (SdkBuild.IsNetStandard)
        {
            // That build cannot name SocketsHttpHandler; on .NET its HttpClientHandler hands these settings to one.
            var client = ModelDeploymentClient.SharedHttpHandler.Should().BeOfType<HttpClientHandler>().Subject;
            client.AllowAutoRedirect.Should().BeFalse();
            client.UseProxy.Should().BeTrue("https hosts keep the platform's proxy");
            client.Proxy.Should().BeSameAs(LoopbackBypassProxy.Platform);
            return;
        }

        var handler = ModelDeploymentClient.SharedHttpHandler.Should().BeOfType<SocketsHttpHandler>().Subject;

        handler.AllowAutoRedirect.Should().BeFalse();
        handler.UseProxy.Should().BeTrue("https hosts keep the platform's proxy");
        handler.Proxy.Should().BeSameAs(LoopbackBypassProxy.Platform);
    }

    [Fact]
    public async Task The_factorys_primary_handler_is_configured_not_replaced()
    {
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(o =>
        {
            o.Host = new Uri("http://127.0.0.1:5080");
            o.ApiKey = TestClients.ApiKey;
        });
        await using var provider = services.BuildServiceProvider();

        HttpMessageHandler handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler("KoreModelDeploy");
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        // On .NET the factory's own default primary handler is a SocketsHttpHandler; it is kept, with two settings changed.
        var primary = handler.Should().BeOfType<SocketsHttpHandler>().Subject;
        primary.AllowAutoRedirect.Should().BeFalse();
        primary.Proxy.Should().BeSameAs(LoopbackBypassProxy.Platform);
    }

    [Fact]
    public void The_proxy_bypasses_loopback_and_defers_everything_else_to_the_platform()
    {
        var platform = new WebProxy("http://127.0.0.3:3128") { BypassList = ["internal\\.example"] };
        var proxy = new LoopbackBypassProxy(() => platform);

        proxy.IsBypassed(new Uri("http://127.0.0.1:5080/")).Should().BeTrue();
        proxy.IsBypassed(new Uri("http://localhost:5080/")).Should().BeTrue();
        proxy.IsBypassed(new Uri("http://[::1]:5080/")).Should().BeTrue();
        proxy.GetProxy(new Uri("http://127.0.0.1:5080/")).Should().BeNull();
        proxy.IsBypassed(new Uri("https://agent-platform.kore.ai/")).Should().BeFalse();
        proxy.GetProxy(new Uri("https://agent-platform.kore.ai/")).Should().Be(new Uri("http://127.0.0.3:3128/"));
        proxy.IsBypassed(new Uri("https://internal.example/")).Should().BeTrue("the platform's own bypass list still applies");
        new LoopbackBypassProxy(() => null).IsBypassed(new Uri("https://agent-platform.kore.ai/")).Should().BeTrue("no platform proxy, no proxy");
    }

    private static KoreModelDeployOptions Options(HostileServer service) => new()
    {
        Host = service.BaseAddress,
        ApiKey = TestClients.ApiKey,
        Retry = new KoreRetryOptions { MaxRetries = 0 },
    };
}
