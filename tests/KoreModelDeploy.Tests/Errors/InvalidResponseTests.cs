using System.Net;
using System.Text.Json;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Errors;

/// <summary>
/// A success status with a body that cannot be used is <see cref="KoreErrorKind.InvalidResponse"/>, never a raw
/// <see cref="JsonException"/> or <see cref="NullReferenceException"/>.
/// </summary>
public class InvalidResponseTests
{
    public static TheoryData<string, string, string> UnusableDeployAnswers => new()
    {
        { """{"dock-statusId":"ds-1","modelId":"cm""", "application/json", "truncated JSON" },
        { "<html><body>Maintenance</body></html>", "text/html", "a gateway page" },
        { """{"modelId":"cm-1","status":"IN_PROGRESS"}""", "application/json", "no dock-statusId" },
        { """{"dock-statusId":"","status":"IN_PROGRESS"}""", "application/json", "an empty dock-statusId" },
        { "null", "application/json", "a JSON null" },
        { "", "application/json", "an empty body" },
        { "[]", "application/json", "an array" },
        { """{"dock-statusId":42}""", "application/json", "a number where a string belongs" },
        { """{"dock-statusId":"ds-1","status":{"value":"IN_PROGRESS"}}""", "application/json", "an object where a status belongs" },
    };

    [Theory]
    [MemberData(nameof(UnusableDeployAnswers))]
    public async Task Unusable_deploy_answer_is_an_invalid_response(string body, string mediaType, string why)
    {
        var mock = TestClients.StrictMock();
        var script = ResponseScript.Of(() => Responses.Text(HttpStatusCode.OK, body, mediaType));
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(script);

        var call = () => TestClients.Create(mock).DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        var exception = (await call.Should().ThrowExactlyAsync<KoreApiException>(why)).Which;
        exception.Kind.Should().Be(KoreErrorKind.InvalidResponse);
        exception.Status.Should().Be(200);
        exception.Method.Should().Be("POST");
        exception.Path.Should().StartWith("/api/public/models/" + TestIds.ModelId + "/deploy");
        exception.Message.Should().Contain("could not be read");
        script.Count.Should().Be(1, "an unreadable answer to a POST may mean the job started: it is not re-sent");
    }

    [Theory]
    [InlineData("name", "a member name")]
    [InlineData("value", "a string value")]
    public async Task Bytes_that_are_not_UTF8_inside_an_unmodeled_member_are_replaced_not_thrown(string where, string why)
    {
        // Invalid UTF-8 passes the JSON reader and fails only when decoded, which the key scrubber does for every
        // unmodeled member: it must end as the replacement, never as an InvalidOperationException.
        var prefix = """{"_id":"ds-1","status":"IN_PROGRESS","extra":{"""u8.ToArray();
        byte[] member = where == "name"
            ? [(byte)'"', 0xF2, 0x28, (byte)'"', (byte)':', (byte)'"', (byte)'x', (byte)'"']
            : [(byte)'"', (byte)'k', (byte)'"', (byte)':', (byte)'"', 0xF2, 0x28, (byte)'"'];
        byte[] body = [.. prefix, .. member, (byte)'}', (byte)'}'];
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(ResponseScript.Of(() =>
            new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } } }));

        var status = await TestClients.Create(mock).GetDockStatusAsync(TestIds.DockStatusId);

        var extra = status.AdditionalProperties["extra"].GetRawText();
        extra.Should().Contain("[REDACTED]", why);
        status.Status.Should().Be(DockJobStatus.InProgress);
    }

    [Fact]
    public async Task Missing_dock_status_id_is_named_in_the_message()
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Post, TestClients.UndeployUrl).Respond(ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, """{"modelId":"cm-1","action":"UNDEPLOY"}""")));

        var call = () => TestClients.Create(mock).UndeployAsync(TestIds.ModelId);

        (await call.Should().ThrowExactlyAsync<KoreApiException>()).Which.Message.Should().Contain("dock-statusId");
    }

    [Fact]
    public async Task Truncated_json_keeps_the_parse_error_as_inner_exception()
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, """{"dock-statusId":"ds""")));

        var call = () => TestClients.Create(mock).DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        var exception = (await call.Should().ThrowExactlyAsync<KoreApiException>()).Which;
        exception.InnerException.Should().BeAssignableTo<JsonException>();
        exception.ResponseBody.Should().Be("""{"dock-statusId":"ds""");
    }

    [Theory]
    [InlineData("""{"_id":"ds-1"}""")]
    [InlineData("""{"_id":"ds-1","status":null}""")]
    [InlineData("null")]
    [InlineData("{\"_id\":")]
    [InlineData("<html></html>")]
    public async Task Unusable_dock_status_answer_is_an_invalid_response(string body)
    {
        var mock = TestClients.StrictMock();
        var script = ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, body));
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(script);

        var call = () => TestClients.Create(mock, o => o.Retry.MaxRetries = 0).GetDockStatusAsync(TestIds.DockStatusId);

        var exception = (await call.Should().ThrowExactlyAsync<KoreApiException>()).Which;
        exception.Kind.Should().Be(KoreErrorKind.InvalidResponse);
        exception.Method.Should().Be("GET");
    }

    [Fact]
    public async Task Oversized_success_body_is_an_invalid_response()
    {
        var mock = TestClients.StrictMock();
        var huge = """{"dock-statusId":"ds-1","padding":""" + "\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, huge)));

        var call = () => TestClients.Create(mock).DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        (await call.Should().ThrowExactlyAsync<KoreApiException>()).Which.Kind.Should().Be(KoreErrorKind.InvalidResponse);
    }
}
