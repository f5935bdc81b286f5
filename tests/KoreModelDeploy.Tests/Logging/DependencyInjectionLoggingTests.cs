using System.Net;
using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Logging;

/// <summary>
/// Registration leaves out IHttpClientFactory's own logging handlers; a user who brings them back with
/// <c>AddDefaultLogger()</c> gets every request header written at Trace level, and the key must still appear nowhere.
/// </summary>
public class DependencyInjectionLoggingTests
{
    [Fact]
    public async Task Trace_logging_of_the_whole_pipeline_never_contains_the_key()
    {
        var logs = new CapturingLoggerProvider();
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(new ResponseScript(
            ResponseScript.Answer(() => Responses.Status(503)),
            ResponseScript.Answer(() => Responses.Json(HttpStatusCode.OK, TestClients.InProgressStatusJson))));
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace).Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId));
        services.AddKoreModelDeploy(o =>
            {
                o.Host = new Uri(TestClients.Host);
                o.ApiKey = TestClients.ApiKey;
                o.Retry.Delay = TimeSpan.Zero;
            })
            .AddDefaultLogger()
            .ConfigurePrimaryHttpMessageHandler(() => mock);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IModelDeploymentClient>();
        using (provider.GetRequiredService<ILoggerFactory>().CreateLogger("app").BeginScope(new Dictionary<string, object> { ["Model"] = TestIds.ModelId }))
        {
            await client.GetDockStatusAsync(TestIds.DockStatusId);
        }

        var factoryEntries = logs.Entries.Where(e => e.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal)).ToList();
        factoryEntries.Should().NotBeEmpty("IHttpClientFactory's logging handlers ran");
        factoryEntries.SelectMany(e => e.AllText()).Should().Contain(t => t.Contains("x-api-key", StringComparison.OrdinalIgnoreCase),
            "request headers were logged at Trace, so the key's redaction is what is being tested");
        logs.ForCategory("KoreModelDeploy").Where(e => e.EventId.Id == 1).Should().HaveCount(2);
        logs.ForCategory("KoreModelDeploy").Should().Contain(e => e.Level == LogLevel.Warning);
        logs.Entries.SelectMany(e => e.AllText()).Should().NotContain(t => t.Contains(TestClients.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public void Options_are_shown_with_the_key_redacted()
    {
        var options = TestClients.Options();

        var text = options.ToString();

        text.Should().NotContain(TestClients.ApiKey);
        text.Should().Contain("ApiKey=[REDACTED]").And.Contain("Retry={MaxRetries=3").And.Contain("Polling={");
    }
}
