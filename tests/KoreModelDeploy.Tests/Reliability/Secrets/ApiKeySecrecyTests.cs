using System.Net;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Reliability.Secrets;

/// <summary>
/// The API key is in no exception text or property, whatever failed, and a service that echoes it back has it
/// scrubbed. <see cref="TestClients.ApiKey"/> is distinctive, so finding it anywhere can only be a leak.
/// </summary>
public class ApiKeySecrecyTests
{
    private const string Key = TestClients.ApiKey;

    public static TheoryData<string, Func<HttpRequestMessage, Task<HttpResponseMessage>>> Failures => new()
    {
        { "401 without body", ResponseScript.Answer(() => Responses.Status(401)) },
        { "401 echoing the key in JSON", ResponseScript.Answer(() => Responses.Json(HttpStatusCode.Unauthorized, $$"""{"errors":[{"msg":"invalid x-api-key {{Key}}","code":"{{Key}}"}]}""")) },
        { "403 gateway page echoing the request", ResponseScript.Answer(() => Responses.Text(HttpStatusCode.Forbidden, $"<html><pre>POST /deploy\nx-api-key: {Key}\n</pre></html>", "text/html")) },
        { "400 message document echoing the key", ResponseScript.Answer(() => Responses.Json(HttpStatusCode.BadRequest, $$"""{"message":"key {{Key}} is malformed"}""")) },
        { "500 plain text echoing the key", ResponseScript.Answer(() => Responses.Text(HttpStatusCode.InternalServerError, $"upstream rejected {Key}", "text/plain")) },
        { "200 unreadable body echoing the key", ResponseScript.Answer(() => Responses.Text(HttpStatusCode.OK, $"<html>{Key}</html>", "text/html")) },
        { "200 truncated JSON echoing the key", ResponseScript.Answer(() => Responses.Json(HttpStatusCode.OK, $$"""{"echo":"{{Key}}","dock-statusId":""")) },
        { "connection refused", ResponseScript.Fail(() => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (agent-platform.example.test:443)")) },
        { "connection reset", ResponseScript.Fail(() => new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")) },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Deploy_failure_never_exposes_the_key(string failure, Func<HttpRequestMessage, Task<HttpResponseMessage>> answer)
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(new ResponseScript(answer));

        var call = () => TestClients.Create(mock, o => o.Retry.MaxRetries = 0).DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        var exception = (await call.Should().ThrowExactlyAsync<KoreApiException>(failure)).Which;
        exception.ShouldNotContainSecret(Key);
        exception.Method.Should().Be("POST");
        exception.Path.Should().Be($"/api/public/models/{TestIds.ModelId}/deploy?modelType=openSource");
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Dock_status_failure_never_exposes_the_key(string failure, Func<HttpRequestMessage, Task<HttpResponseMessage>> answer)
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(new ResponseScript(answer));

        var call = () => TestClients.Create(mock, o => o.Retry.MaxRetries = 1).GetDockStatusAsync(TestIds.DockStatusId);

        var exception = (await call.Should().ThrowExactlyAsync<KoreApiException>(failure)).Which;
        exception.ShouldNotContainSecret(Key);
    }

    [Fact]
    public async Task Echoed_key_is_replaced_by_a_marker()
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(ResponseScript.Of(
            () => Responses.Json(HttpStatusCode.Unauthorized, $$"""{"errors":[{"msg":"invalid x-api-key {{Key}}","code":401}]}""")));

        var call = () => TestClients.Create(mock).DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        var exception = (await call.Should().ThrowExactlyAsync<KoreApiException>()).Which;
        exception.ServiceMessage.Should().Be("invalid x-api-key [REDACTED]");
        exception.Message.Should().Contain("invalid x-api-key [REDACTED]");
    }

    [Fact]
    public async Task Key_cut_by_body_truncation_is_not_partly_exposed()
    {
        // The kept body is cut after 4096 characters; a key straddling the cut must not survive as a prefix.
        var page = new string('x', 4096 - 12) + Key + new string('y', 500);
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(ResponseScript.Of(() => Responses.Text(HttpStatusCode.BadGateway, page, "text/html")));

        var call = () => TestClients.Create(mock).DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        var exception = (await call.Should().ThrowExactlyAsync<KoreApiException>()).Which;
        exception.ResponseBody.Should().NotContain(Key[..12]);
    }

    [Fact]
    public void Options_text_redacts_the_key()
    {
        var text = TestClients.Options().ToString();

        text.Should().NotContain(Key).And.Contain("ApiKey=[REDACTED]").And.Contain("Host=" + TestClients.Host);
        new KoreModelDeployOptions().ToString().Should().Contain("ApiKey=(not set)");
    }
}
