using System.Net;
using System.Net.Http.Headers;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Errors;

/// <summary>Every error answer becomes a <see cref="KoreApiException"/> that says what failed and what the service said.</summary>
public class ErrorMappingTests
{
    private const string DeployPath = "/api/public/models/" + TestIds.ModelId + "/deploy?modelType=openSource";

    private static async Task<KoreApiException> DeployFailing(Func<HttpResponseMessage> answer, Action<KoreModelDeployOptions>? configure = null, TimeProvider? time = null)
    {
        var mock = TestClients.StrictMock();
        var script = ResponseScript.Of(answer);
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(script);
        var client = TestClients.Create(mock, o => { o.Retry.MaxRetries = 0; configure?.Invoke(o); }, timeProvider: time);

        var call = () => client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        var exception = (await call.Should().ThrowExactlyAsync<KoreApiException>()).Which;
        script.Count.Should().Be(1);
        return exception;
    }

    [Fact]
    public async Task Bad_request_carries_the_vendors_message_and_code()
    {
        var exception = await DeployFailing(() => Responses.Json(HttpStatusCode.BadRequest, """{"errors":[{"msg":"deviceType g5.xlarge is not available in this region","code":400}]}"""));

        exception.Kind.Should().Be(KoreErrorKind.BadRequest);
        exception.Status.Should().Be(400);
        exception.ServiceMessage.Should().Be("deviceType g5.xlarge is not available in this region");
        exception.ErrorCode.Should().Be("400");
        exception.ResponseBody.Should().BeNull("a readable error document is reported through ServiceMessage");
        exception.Method.Should().Be("POST");
        exception.Path.Should().Be(DeployPath);
        exception.Message.Should().StartWith($"POST {DeployPath} failed with 400")
            .And.Contain("deviceType g5.xlarge is not available in this region").And.Contain("(code 400)");
        exception.IsTransient.Should().BeFalse();
        exception.Attempts.Should().Be(1);
    }

    [Fact]
    public async Task Several_vendor_errors_are_joined_and_a_string_code_is_kept()
    {
        var exception = await DeployFailing(() => Responses.Json(HttpStatusCode.BadRequest, """{"errors":[{"msg":"name is taken","code":"DUPLICATE_NAME"},null,{"msg":"topK too high","code":"RANGE"}]}"""));

        exception.ServiceMessage.Should().Be("name is taken; topK too high");
        exception.ErrorCode.Should().Be("DUPLICATE_NAME");
    }

    [Fact]
    public async Task Gateway_message_document_is_read_too()
    {
        var exception = await DeployFailing(() => Responses.Json(HttpStatusCode.BadRequest, """{"message":"Request body too large"}"""));

        exception.ServiceMessage.Should().Be("Request body too large");
    }

    [Theory]
    [InlineData(401, KoreErrorKind.Authentication)]
    [InlineData(403, KoreErrorKind.Authentication)]
    [InlineData(404, KoreErrorKind.NotFound)]
    [InlineData(409, KoreErrorKind.Other)]
    [InlineData(500, KoreErrorKind.ServerError)]
    [InlineData(502, KoreErrorKind.ServerError)]
    [InlineData(503, KoreErrorKind.ServerError)]
    [InlineData(504, KoreErrorKind.ServerError)]
    public async Task Status_maps_to_its_kind(int status, KoreErrorKind kind)
    {
        var exception = await DeployFailing(() => Responses.Json((HttpStatusCode)status, """{"errors":[{"msg":"nope","code":1}]}"""));

        exception.Kind.Should().Be(kind);
        exception.Status.Should().Be(status);
        exception.ServiceMessage.Should().Be("nope");
        exception.RequestMayHaveBeenProcessed.Should().Be(status >= 500, "a 5xx may come after the service acted on the deploy; a 4xx is a refusal");
        exception.IsTransient.Should().BeFalse("repeating a refused deploy fails again, and repeating an ambiguous one could deploy twice");
    }

    [Fact]
    public async Task Rate_limit_carries_retry_after_in_seconds()
    {
        var exception = await DeployFailing(() =>
        {
            var response = Responses.Json(HttpStatusCode.TooManyRequests, """{"errors":[{"msg":"Rate limit for this API has been reached. Please try again later","code":429}]}""");
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return response;
        });

        exception.Kind.Should().Be(KoreErrorKind.RateLimited);
        exception.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
        exception.IsTransient.Should().BeTrue();
        exception.Message.Should().Contain("Retry after 7 s.");
    }

    [Fact]
    public async Task Rate_limit_carries_retry_after_given_as_an_http_date()
    {
        var time = new TestClock();
        var exception = await DeployFailing(
            () =>
            {
                var response = Responses.Status(429);
                response.Headers.RetryAfter = new RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(90));
                return response;
            },
            time: time);

        exception.Kind.Should().Be(KoreErrorKind.RateLimited);
        exception.RetryAfter.Should().Be(TimeSpan.FromSeconds(90));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    public async Task Html_error_page_is_kept_truncated(int status)
    {
        var page = "<html><head><title>502 Bad Gateway</title></head><body>" + new string('x', 20_000) + "</body></html>";

        var exception = await DeployFailing(() => Responses.Text((HttpStatusCode)status, page, "text/html"));

        exception.Kind.Should().Be(KoreErrorKind.ServerError);
        exception.ServiceMessage.Should().BeNull();
        exception.ResponseBody.Should().StartWith("<html><head><title>502 Bad Gateway</title>");
        exception.ResponseBody!.Length.Should().BeLessThanOrEqualTo(4097).And.BeGreaterThan(1000);
        exception.ResponseBody.Should().EndWith("…");
        exception.Message.Should().Contain("Response body: <html>");
        exception.Message.Length.Should().BeLessThan(600, "the message shows only the start of a large body");
    }

    [Fact]
    public async Task Empty_error_body_gives_a_clean_message()
    {
        var exception = await DeployFailing(() => Responses.Status(503));

        exception.Kind.Should().Be(KoreErrorKind.ServerError);
        exception.ServiceMessage.Should().BeNull();
        exception.ResponseBody.Should().BeNullOrEmpty();
        exception.Message.Should().Be($"POST {DeployPath} failed with 503 (server error). The service may have acted on it: calling again could start a second job.");
    }

    [Fact]
    public async Task Request_id_header_is_captured()
    {
        var exception = await DeployFailing(() =>
        {
            var response = Responses.Status(500);
            response.Headers.TryAddWithoutValidation("x-request-id", "req-8c1f2a");
            return response;
        });

        exception.RequestId.Should().Be("req-8c1f2a");
        exception.Message.Should().Contain("Request id: req-8c1f2a.");
    }

    [Fact]
    public async Task Correlation_id_header_is_captured_when_there_is_no_request_id()
    {
        var exception = await DeployFailing(() =>
        {
            var response = Responses.Status(404);
            response.Headers.TryAddWithoutValidation("x-correlation-id", "corr-77");
            return response;
        });

        exception.RequestId.Should().Be("corr-77");
    }

    [Fact]
    public async Task Get_dock_status_error_names_get_and_its_path()
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(ResponseScript.Of(() => Responses.Json(HttpStatusCode.NotFound, """{"errors":[{"msg":"dock status not found","code":404}]}""")));

        var call = () => TestClients.Create(mock).GetDockStatusAsync(TestIds.DockStatusId);

        var exception = (await call.Should().ThrowExactlyAsync<KoreApiException>()).Which;
        exception.Kind.Should().Be(KoreErrorKind.NotFound);
        exception.Method.Should().Be("GET");
        exception.Path.Should().Be("/api/public/dock-status/" + TestIds.DockStatusId);
        exception.Message.Should().StartWith("GET /api/public/dock-status/" + TestIds.DockStatusId + " failed with 404");
    }
}
