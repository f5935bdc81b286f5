using System.Net;
using System.Net.Sockets;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Transport;

/// <summary>
/// Deploy and undeploy start jobs, so they are sent again only when the service certainly did not act:
/// after a 429, or when the connection was never established.
/// </summary>
public class PostRetryTests
{
    public static TheoryData<string> Operations => new() { "deploy", "undeploy" };

    private static (MockHttpMessageHandler Mock, MockedRequest Expectation, Func<ModelDeploymentClient, Task<DeployModelResponse>> Call) PostMock(string operation, ResponseScript script)
    {
        var mock = TestClients.StrictMock();
        if (operation == "deploy")
        {
            return (mock, mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(script),
                c => c.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest));
        }

        return (mock, mock.When(HttpMethod.Post, TestClients.UndeployUrl).Respond(script), c => c.UndeployAsync(TestIds.ModelId));
    }

    public static TheoryData<string, int> ServerErrors => new()
    {
        { "deploy", 500 }, { "deploy", 502 }, { "deploy", 503 }, { "deploy", 504 }, { "deploy", 408 },
        { "undeploy", 500 }, { "undeploy", 502 }, { "undeploy", 503 }, { "undeploy", 504 }, { "undeploy", 408 },
    };

    [Theory]
    [MemberData(nameof(ServerErrors))]
    public async Task Server_error_is_not_re_sent(string operation, int status)
    {
        var (mock, expectation, call) = PostMock(operation, ResponseScript.Of(() => Responses.Status(status)));

        var act = () => call(TestClients.Create(mock, o => o.Retry.MaxRetries = 5));

        var exception = (await act.Should().ThrowExactlyAsync<KoreApiException>()).Which;
        mock.GetMatchCount(expectation).Should().Be(1, "the service may have started the job");
        exception.Status.Should().Be(status);
        exception.Attempts.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Rate_limited_call_is_re_sent_until_accepted(string operation)
    {
        var (mock, expectation, call) = PostMock(operation, new ResponseScript(
            ResponseScript.Answer(() => Responses.Status(429)),
            ResponseScript.Answer(() => Responses.Status(429)),
            ResponseScript.Answer(() => Responses.Json(HttpStatusCode.OK, TestClients.AcceptedJson))));

        var response = await call(TestClients.Create(mock));

        response.DockStatusId.Should().Be("ds-accepted");
        mock.GetMatchCount(expectation).Should().Be(3);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Rate_limit_that_persists_is_re_sent_max_retries_times(string operation)
    {
        var (mock, expectation, call) = PostMock(operation, ResponseScript.Of(() => Responses.Status(429)));

        var act = () => call(TestClients.Create(mock, o => o.Retry.MaxRetries = 2));

        var exception = (await act.Should().ThrowExactlyAsync<KoreApiException>()).Which;
        exception.Kind.Should().Be(KoreErrorKind.RateLimited);
        exception.Attempts.Should().Be(3);
        mock.GetMatchCount(expectation).Should().Be(3);
    }

#if NET // HttpRequestError does not exist on .NET Framework.
    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Connection_never_established_is_re_sent(string operation)
    {
        var (mock, expectation, call) = PostMock(operation, new ResponseScript(
            ResponseScript.Fail(() => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")),
            ResponseScript.Answer(() => Responses.Json(HttpStatusCode.OK, TestClients.AcceptedJson))));

        var response = await call(TestClients.Create(mock));

        response.DockStatusId.Should().Be("ds-accepted");
        mock.GetMatchCount(expectation).Should().Be(2);
    }
#endif

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Refused_connection_is_re_sent_whatever_the_build(string operation)
    {
        // The socket error inside, as every handler reports it (SocketsHttpHandler, and .NET Framework's through a
        // WebException), is what every build of the SDK reads.
        var (mock, expectation, call) = PostMock(operation, new ResponseScript(
            ResponseScript.Fail(() => new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused))),
            ResponseScript.Answer(() => Responses.Json(HttpStatusCode.OK, TestClients.AcceptedJson))));

        var response = await call(TestClients.Create(mock));

        response.DockStatusId.Should().Be("ds-accepted");
        mock.GetMatchCount(expectation).Should().Be(2);
    }

#if NET // HttpRequestError does not exist on .NET Framework.
    [Fact]
    public async Task Name_resolution_failure_is_re_sent_and_reported_as_network_when_it_persists()
    {
        var (mock, expectation, call) = PostMock("deploy", new ResponseScript(
            ResponseScript.Fail(() => new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known"))));

        var act = () => call(TestClients.Create(mock, o => o.Retry.MaxRetries = 2));

        (await act.Should().ThrowExactlyAsync<KoreApiException>()).Which.Kind.Should().Be(KoreErrorKind.Network);
        mock.GetMatchCount(expectation).Should().Be(3);
    }

    [Theory]
    [InlineData(HttpRequestError.ResponseEnded)]
    [InlineData(HttpRequestError.Unknown)]
    [InlineData(HttpRequestError.InvalidResponse)]
    public async Task Failure_after_the_request_may_have_arrived_is_not_re_sent(HttpRequestError error)
    {
        var (mock, expectation, call) = PostMock("deploy", new ResponseScript(
            ResponseScript.Fail(() => new HttpRequestException(error, "failed after sending"))));

        var act = () => call(TestClients.Create(mock));

        (await act.Should().ThrowExactlyAsync<KoreApiException>()).Which.Kind.Should().Be(KoreErrorKind.Network);
        mock.GetMatchCount(expectation).Should().Be(1);
    }
#endif

    [Fact]
    public async Task Body_is_identical_on_every_attempt()
    {
        var script = new ResponseScript(
            ResponseScript.Answer(() => Responses.Status(429)),
            ResponseScript.Answer(() => Responses.Json(HttpStatusCode.OK, TestClients.AcceptedJson)));
        var (mock, _, call) = PostMock("deploy", script);

        await call(TestClients.Create(mock));

        var bodies = script.Requests.Select(r => r.Body).ToList();
        bodies.Should().HaveCount(2);
        bodies[1].Should().Be(bodies[0]).And.NotBeNullOrEmpty();
    }
}
