using System.Net;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Transport;

/// <summary>Get Dock Status is safe to repeat: transient failures are retried up to <see cref="KoreRetryOptions.MaxRetries"/>.</summary>
public class GetRetryTests
{
    private static (MockHttpMessageHandler Mock, MockedRequest Expectation) StatusMock(ResponseScript script)
    {
        var mock = TestClients.StrictMock();
        return (mock, mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(script));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Transient_status_is_retried_up_to_max_retries(int status)
    {
        var (mock, expectation) = StatusMock(ResponseScript.Of(() => Responses.Status(status)));

        var call = () => TestClients.Create(mock, o => o.Retry.MaxRetries = 3).GetDockStatusAsync(TestIds.DockStatusId);

        var exception = (await call.Should().ThrowExactlyAsync<KoreApiException>()).Which;
        mock.GetMatchCount(expectation).Should().Be(4, "one attempt and three retries");
        exception.Status.Should().Be(status);
        exception.Attempts.Should().Be(4);
        exception.Message.Should().Contain("Attempts: 4.");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(5, 6)]
    public async Task Number_of_requests_follows_max_retries(int maxRetries, int requests)
    {
        var (mock, expectation) = StatusMock(ResponseScript.Of(() => Responses.Status(503)));

        var call = () => TestClients.Create(mock, o => o.Retry.MaxRetries = maxRetries).GetDockStatusAsync(TestIds.DockStatusId);

        await call.Should().ThrowExactlyAsync<KoreApiException>();
        mock.GetMatchCount(expectation).Should().Be(requests);
    }

    [Fact]
    public async Task Network_failure_is_retried_then_reported_as_network()
    {
        var (mock, expectation) = StatusMock(new ResponseScript(ResponseScript.Fail(() => new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."))));

        var call = () => TestClients.Create(mock).GetDockStatusAsync(TestIds.DockStatusId);

        var exception = (await call.Should().ThrowExactlyAsync<KoreApiException>()).Which;
        mock.GetMatchCount(expectation).Should().Be(4);
        exception.Kind.Should().Be(KoreErrorKind.Network);
        exception.Status.Should().Be(0);
        exception.InnerException.Should().BeOfType<HttpRequestException>();
    }

    [Fact]
    public async Task Recovery_after_transient_failures_returns_the_status()
    {
        var (mock, expectation) = StatusMock(new ResponseScript(
            ResponseScript.Answer(() => Responses.Status(503)),
            ResponseScript.Fail(() => new HttpRequestException("reset")),
            ResponseScript.Answer(() => Responses.Json(HttpStatusCode.OK, TestClients.InProgressStatusJson))));

        var status = await TestClients.Create(mock).GetDockStatusAsync(TestIds.DockStatusId);

        status.Id.Should().Be(TestIds.DockStatusId);
        mock.GetMatchCount(expectation).Should().Be(3);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(501)]
    public async Task Non_transient_status_is_not_retried(int status)
    {
        var (mock, expectation) = StatusMock(ResponseScript.Of(() => Responses.Status(status)));

        var call = () => TestClients.Create(mock).GetDockStatusAsync(TestIds.DockStatusId);

        (await call.Should().ThrowExactlyAsync<KoreApiException>()).Which.Attempts.Should().Be(1);
        mock.GetMatchCount(expectation).Should().Be(1);
    }

    [Fact]
    public async Task Unreadable_success_body_is_not_retried()
    {
        var (mock, expectation) = StatusMock(ResponseScript.Of(() => Responses.Text(HttpStatusCode.OK, "<html/>", "text/html")));

        var call = () => TestClients.Create(mock).GetDockStatusAsync(TestIds.DockStatusId);

        (await call.Should().ThrowExactlyAsync<KoreApiException>()).Which.Kind.Should().Be(KoreErrorKind.InvalidResponse);
        mock.GetMatchCount(expectation).Should().Be(1);
    }
}
