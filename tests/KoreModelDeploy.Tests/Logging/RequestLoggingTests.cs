using System.Net;
using System.Net.Sockets;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Logging;

/// <summary>One structured entry per HTTP attempt, a warning per retry, and never the API key.</summary>
public class RequestLoggingTests
{
    private const string StatusPath = "/api/public/dock-status/" + TestIds.DockStatusId;

    private static (ModelDeploymentClient Client, CapturingLoggerProvider Logs, ILoggerFactory Factory) ClientWithLogs(MockHttpMessageHandler mock, Action<KoreModelDeployOptions>? configure = null)
    {
        var logs = new CapturingLoggerProvider();
        var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        return (TestClients.Create(mock, configure, factory), logs, factory);
    }

    [Fact]
    public async Task Each_attempt_is_logged_with_method_path_status_elapsed_and_attempt()
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(new ResponseScript(
            ResponseScript.Answer(() => Responses.Status(503)),
            ResponseScript.Answer(() => Responses.Status(502)),
            ResponseScript.Answer(() => Responses.Json(HttpStatusCode.OK, TestClients.InProgressStatusJson))));
        var (client, logs, factory) = ClientWithLogs(mock);
        using var _ = factory;

        await client.GetDockStatusAsync(TestIds.DockStatusId);

        var completed = logs.ForCategory("KoreModelDeploy").Where(e => e.EventId.Id == 1).ToList();
        completed.Should().HaveCount(3, "one entry per request");
        completed.Select(e => e.Values["StatusCode"]).Should().Equal(503, 502, 200);
        completed.Select(e => e.Values["Attempt"]).Should().Equal(1, 2, 3);
        completed.Should().AllSatisfy(e =>
        {
            e.Level.Should().Be(LogLevel.Debug);
            e.Values["Method"].Should().Be("GET");
            e.Values["Path"].Should().Be(StatusPath);
            e.Values["ElapsedMilliseconds"].Should().BeOfType<double>().Which.Should().BeGreaterThanOrEqualTo(0);
        });
        completed[0].Message.Should().StartWith($"GET {StatusPath} answered 503 in ").And.EndWith("ms (attempt 1)");
    }

    [Fact]
    public async Task Each_retry_is_a_warning_with_its_reason()
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(new ResponseScript(
            ResponseScript.Answer(() => Responses.Status(429)),
            ResponseScript.Fail(() => new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused))),
            ResponseScript.Answer(() => Responses.Json(HttpStatusCode.OK, TestClients.AcceptedJson))));
        var (client, logs, factory) = ClientWithLogs(mock);
        using var _ = factory;

        await client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        warnings.Should().HaveCount(2);
        warnings.Should().AllSatisfy(w => w.EventId.Id.Should().Be(3));
        warnings.Select(w => w.Values["Attempt"]).Should().Equal(1, 2);
        warnings[0].Values["Reason"].Should().Be("HTTP 429");
        warnings[1].Values["Reason"].Should().Be("Connection refused");
        warnings[0].Values["Method"].Should().Be("POST");
        warnings[0].Values["Path"].Should().Be($"/api/public/models/{TestIds.ModelId}/deploy?modelType=openSource");
        logs.Entries.Where(e => e.EventId.Id == 2).Should().ContainSingle("the refused connection is logged as a failed attempt")
            .Which.Exception.Should().BeOfType<HttpRequestException>();
    }

    [Fact]
    public async Task Invalid_request_logs_nothing_because_nothing_is_sent()
    {
        var (client, logs, factory) = ClientWithLogs(new CountingMock().Handler);
        using var _ = factory;

        var call = () => client.UndeployAsync("..");

        await call.Should().ThrowExactlyAsync<KoreValidationException>();
        logs.Entries.Should().BeEmpty();
    }

    [Fact]
    public async Task Key_is_in_no_entry_state_or_scope_of_the_client_log()
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(new ResponseScript(
            ResponseScript.Answer(() => Responses.Json(HttpStatusCode.TooManyRequests, $$"""{"errors":[{"msg":"slow down {{TestClients.ApiKey}}","code":429}]}""")),
            ResponseScript.Answer(() => Responses.Text(HttpStatusCode.Unauthorized, $"bad key {TestClients.ApiKey}", "text/plain"))));
        var (client, logs, factory) = ClientWithLogs(mock);
        using var _ = factory;

        var call = () => client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        await call.Should().ThrowExactlyAsync<KoreApiException>();
        logs.Entries.Should().NotBeEmpty();
        logs.Entries.SelectMany(e => e.AllText()).Should().NotContain(t => t.Contains(TestClients.ApiKey, StringComparison.Ordinal));
    }
}
