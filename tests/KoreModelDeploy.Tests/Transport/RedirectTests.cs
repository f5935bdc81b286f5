using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using KoreModelDeploy.Tests.TestSupport.Hostile;
using Microsoft.Extensions.DependencyInjection;

namespace KoreModelDeploy.Tests.Transport;

/// <summary>
/// Over real sockets: the configured host on 127.0.0.1 answers with a redirect to another host on 127.0.0.2. The
/// handlers the package creates never follow it; when a caller's handler does, what comes from the other origin is refused.
/// </summary>
public sealed class RedirectTests
{
    private const string Key = TestClients.ApiKey;
    private const string AcceptedJson = """{"dock-statusId":"ds-elsewhere","modelId":"cm-1","jobType":"MODELS","action":"DEPLOY","status":"IN_PROGRESS"}""";

    public static TheoryData<int> RedirectStatuses => [301, 302, 303, 307, 308];

    [Theory]
    [MemberData(nameof(RedirectStatuses))]
    public async Task The_plain_constructor_never_follows_a_redirect_and_reports_where_it_pointed(int status)
    {
        await using var elsewhere = HostileServer.Start(HostileServer.OtherHost, HostileReply.Json(200, AcceptedJson));
        var location = elsewhere.Url("/landing");
        await using var service = HostileServer.Start(HostileServer.Service, HostileReply.Redirect(status, location));
        var client = new ModelDeploymentClient(Options(service));

        var error = await DeployFails(client);

        error.Status.Should().Be(status);
        error.Kind.Should().Be(KoreErrorKind.Other);
        error.RedirectLocation.Should().Be(location);
        error.Message.Should().Contain(location).And.Contain("does not follow");
        error.IsTransient.Should().BeFalse();
        error.RequestMayHaveBeenProcessed.Should().BeTrue("the service answered the POST; a 303 even says it acted");
        service.Requests.Should().ContainSingle();
        elsewhere.Requests.Should().BeEmpty("neither the body nor the key may go to the other host");
    }

    [Theory]
    [MemberData(nameof(RedirectStatuses))]
    public async Task The_dependency_injection_client_never_follows_a_redirect(int status)
    {
        await using var elsewhere = HostileServer.Start(HostileServer.OtherHost, HostileReply.Json(200, AcceptedJson));
        await using var service = HostileServer.Start(HostileServer.Service, HostileReply.Redirect(status, elsewhere.Url("/landing")));
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(o => Configure(o, service));
        await using var provider = services.BuildServiceProvider();

        var error = await DeployFails(provider.GetRequiredService<IModelDeploymentClient>());

        error.Status.Should().Be(status);
        error.RedirectLocation.Should().Be(elsewhere.Url("/landing"));
        elsewhere.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_redirect_on_get_dock_status_is_not_retried_and_not_transient()
    {
        await using var elsewhere = HostileServer.Start(HostileServer.OtherHost, HostileReply.Drop);
        await using var service = HostileServer.Start(HostileServer.Service, HostileReply.Redirect(307, elsewhere.Url("/status")));
        var client = new ModelDeploymentClient(Options(service));

        var error = (await client.Invoking(c => c.GetDockStatusAsync("ds-1")).Should().ThrowAsync<KoreApiException>()).Which;

        error.Status.Should().Be(307);
        error.IsTransient.Should().BeFalse();
        error.RequestMayHaveBeenProcessed.Should().BeFalse();
        error.Attempts.Should().Be(1);
        service.Requests.Should().ContainSingle();
        elsewhere.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_wait_ends_at_once_on_a_redirect()
    {
        await using var service = HostileServer.Start(HostileServer.Service, HostileReply.Redirect(302, "http://127.0.0.2:9/status"));
        var clock = new TestClock();
        var client = new ModelDeploymentClient(new HttpClient(KoreModelDeploy.Transport.KoreHttpHandlers.CreateShared(KoreModelDeploy.Transport.LoopbackBypassProxy.Platform)), Options(service), timeProvider: clock);

        // The clock never moves: a wait that took the redirect for a transient failure would park on its next delay.
        var wait = client.GetDockOperation("ds-1").WaitForCompletionAsync();
        var error = (await FluentActions.Awaiting(() => Eventually.Within(wait)).Should().ThrowAsync<KoreApiException>()).Which;

        error.Status.Should().Be(302);
        service.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_location_echoing_the_key_is_scrubbed()
    {
        await using var service = HostileServer.Start(HostileServer.Service, HostileReply.Redirect(308, "http://127.0.0.2:9/landing?token=" + Key, Key));
        var client = new ModelDeploymentClient(Options(service));

        var error = await DeployFails(client);

        error.RedirectLocation.Should().Be("http://127.0.0.2:9/landing?token=[REDACTED]");
        error.ShouldNotContainSecret(Key);
    }

    [Theory]
    [InlineData(303)]
    [InlineData(307)]
    public async Task A_callers_handler_that_follows_to_another_origin_gets_the_answer_refused(int status)
    {
        await using var elsewhere = HostileServer.Start(HostileServer.OtherHost, HostileReply.Json(200, AcceptedJson));
        await using var service = HostileServer.Start(HostileServer.Service, HostileReply.Redirect(status, elsewhere.Url("/landing")));
        using var following = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, UseProxy = false });
        var client = new ModelDeploymentClient(following, Options(service));

        var error = await DeployFails(client);

        error.Status.Should().Be(0, "the other host's answer is not the service's");
        error.Kind.Should().Be(KoreErrorKind.Other);
        error.RedirectLocation.Should().Be(elsewhere.Url("/landing"));
        error.Message.Should().Contain("another origin").And.Contain("AllowAutoRedirect");
        error.RequestMayHaveBeenProcessed.Should().BeTrue();
        error.IsTransient.Should().BeFalse();

        // The caller's handler did take the request there: .NET strips only Authorization on a redirect.
        elsewhere.Requests.Should().ContainSingle().Which.Header("x-api-key").Should().Be(Key);
    }

    [Theory]
    [InlineData(303)]
    [InlineData(307)]
    public async Task A_post_redirected_to_a_closed_port_is_sent_once_and_may_have_been_processed(int status)
    {
        var closed = $"http://127.0.0.2:{HostileServer.ClosedPort(HostileServer.OtherHost)}/landing";
        await using var service = HostileServer.Start(HostileServer.Service, HostileReply.Redirect(status, closed));
        using var following = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, UseProxy = false });
        var client = new ModelDeploymentClient(following, Options(service, o => o.Retry.Delay = TimeSpan.Zero));

        var error = await DeployFails(client);

        service.Requests.Should().ContainSingle("a refused connection to the redirect's target says nothing about the service");
        error.Attempts.Should().Be(1);
        error.RequestMayHaveBeenProcessed.Should().BeTrue();
        error.IsTransient.Should().BeFalse();
        error.RedirectLocation.Should().StartWith("http://127.0.0.2:");
    }

    [Fact]
    public async Task A_callers_handler_that_follows_within_the_origin_is_still_read()
    {
        await using var service = HostileServer.Start(HostileServer.Service, request => request.Target.StartsWith("/moved", StringComparison.Ordinal)
            ? HostileReply.Json(200, AcceptedJson)
            : HostileReply.Redirect(307, "/moved" + request.Target));
        using var following = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, UseProxy = false });
        var client = new ModelDeploymentClient(following, Options(service));

        var response = await client.DeployAsync("cm-1", ModelType.OpenSource, TestClients.ValidRequest);

        response.DockStatusId.Should().Be("ds-elsewhere");
        service.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task An_answer_without_its_request_message_counts_as_from_the_configured_host()
    {
        using var handler = new NoRequestMessageHandler(AcceptedJson);
        var client = new ModelDeploymentClient(new HttpClient(handler), TestClients.Options());

        var response = await client.DeployAsync("cm-1", ModelType.OpenSource, TestClients.ValidRequest);

        response.DockStatusId.Should().Be("ds-elsewhere");
    }

    private static KoreModelDeployOptions Options(HostileServer service, Action<KoreModelDeployOptions>? configure = null)
    {
        var options = new KoreModelDeployOptions();
        Configure(options, service);
        configure?.Invoke(options);
        return options;
    }

    private static void Configure(KoreModelDeployOptions options, HostileServer service)
    {
        options.Host = service.BaseAddress;
        options.ApiKey = Key;
        options.Retry.Delay = TimeSpan.Zero;
    }

    private static async Task<KoreApiException> DeployFails(IModelDeploymentClient client) =>
        (await client.Invoking(c => c.DeployAsync("cm-1", ModelType.OpenSource, TestClients.ValidRequest)).Should().ThrowAsync<KoreApiException>()).Which;

    private sealed class NoRequestMessageHandler(string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = Responses.Json(System.Net.HttpStatusCode.OK, json);
            response.RequestMessage = null;
            return Task.FromResult(response);
        }
    }
}
