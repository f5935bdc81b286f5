using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using KoreModelDeploy.Tests.TestSupport.Hostile;
using KoreModelDeploy.Transport;

namespace KoreModelDeploy.Tests.Transport;

/// <summary>
/// Over real sockets: a call that certainly never reached the service is never "may have been processed", so a caller
/// can safely deploy again. What .NET refuses to send, and a TLS handshake that fails, are such calls.
/// </summary>
public sealed class NeverSentTests
{
    [Fact]
    public async Task A_header_dotnet_refuses_to_encode_means_nothing_was_sent()
    {
        await using var service = HostileServer.Start(HostileServer.Service, HostileReply.Json(200, TestClients.AcceptedJson));
        var http = new HttpClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("x-tenant", "Zürich–Nord");
        var client = new ModelDeploymentClient(http, Options(service.BaseAddress, o => o.Retry.Delay = TimeSpan.Zero));

        var error = (await client.Invoking(c => c.DeployAsync("cm-1", ModelType.OpenSource, TestClients.ValidRequest)).Should().ThrowAsync<KoreApiException>()).Which;

        error.RequestMayHaveBeenProcessed.Should().BeFalse();
        error.Attempts.Should().Be(1, "sending it again would be refused again");
        error.Kind.Should().Be(KoreErrorKind.Network);
        service.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_failed_tls_handshake_with_the_configured_host_was_not_processed()
    {
        // A plain-text server behind an https Host: the handshake fails before any byte of the request is sent.
        await using var service = HostileServer.Start(HostileServer.Service, HostileReply.Json(200, TestClients.AcceptedJson));
        var host = new UriBuilder(service.BaseAddress) { Scheme = Uri.UriSchemeHttps }.Uri;
        var client = new ModelDeploymentClient(Options(host, o => o.Retry.MaxRetries = 0));

        var error = (await client.Invoking(c => c.DeployAsync("cm-1", ModelType.OpenSource, TestClients.ValidRequest)).Should().ThrowAsync<KoreApiException>()).Which;

        error.InnerException.Should().BeOfType<HttpRequestException>().Which.HttpRequestError.Should().Be(HttpRequestError.SecureConnectionError);
        error.RequestMayHaveBeenProcessed.Should().BeFalse();
        error.IsTransient.Should().BeTrue();
        service.Requests.Should().BeEmpty();
        service.Connections.Should().Be(1);
    }

    [Fact]
    public async Task A_refused_connection_to_the_configured_host_is_sent_again_and_was_not_processed()
    {
        var host = new Uri($"http://127.0.0.1:{HostileServer.ClosedPort(HostileServer.Service)}");
        var client = new ModelDeploymentClient(Options(host, o => o.Retry = new KoreRetryOptions { MaxRetries = 2, Delay = TimeSpan.Zero }));

        var error = (await client.Invoking(c => c.DeployAsync("cm-1", ModelType.OpenSource, TestClients.ValidRequest)).Should().ThrowAsync<KoreApiException>()).Which;

        error.Attempts.Should().Be(3);
        error.RequestMayHaveBeenProcessed.Should().BeFalse();
    }

    [Theory]
    [InlineData(HttpRequestError.NameResolutionError, true)]
    [InlineData(HttpRequestError.ConnectionError, true)]
    [InlineData(HttpRequestError.SecureConnectionError, true)]
    [InlineData(HttpRequestError.ProxyTunnelError, true)]
    [InlineData(HttpRequestError.ResponseEnded, false)]
    [InlineData(HttpRequestError.InvalidResponse, false)]
    [InlineData(HttpRequestError.Unknown, false)]
    public void Only_failures_to_connect_on_the_first_hop_count_as_never_reaching_the_service(HttpRequestError error, bool beforeConnecting)
    {
        var failure = new HttpRequestException(error, "failed");

        KoreTransport.NeverReachedService(failure, AttemptPath.FirstHop).Should().Be(beforeConnecting);
        KoreTransport.NeverReachedService(failure, AttemptPath.RedirectedWithinOrigin).Should().BeFalse("the host that redirected had the request");
        KoreTransport.NeverReachedService(failure, AttemptPath.OtherOrigin).Should().BeFalse();
        KoreTransport.NeverReachedService(failure, AttemptPath.NotSent).Should().BeTrue();
    }

    private static KoreModelDeployOptions Options(Uri host, Action<KoreModelDeployOptions> configure)
    {
        var options = new KoreModelDeployOptions { Host = host, ApiKey = TestClients.ApiKey };
        configure(options);
        return options;
    }
}
