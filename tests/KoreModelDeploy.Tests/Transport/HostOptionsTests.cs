using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Transport;

/// <summary>
/// A client is only built from usable settings: https unless the host is loopback, a key that fits in a header, sane
/// ranges. Each refusal names the setting as it is spelled in configuration.
/// </summary>
public class HostOptionsTests
{
    public static TheoryData<string, Action<KoreModelDeployOptions>, string> InvalidSettings => new()
    {
        { "no host", o => o.Host = null, "KoreModelDeploy:Host is required" },
        { "relative host", o => o.Host = new Uri("/api", UriKind.Relative), "KoreModelDeploy:Host must be an absolute URL" },
        { "http to a remote host", o => o.Host = new Uri("http://agent-platform.kore.ai"), "KoreModelDeploy:Host must use https" },
        { "ftp", o => o.Host = new Uri("ftp://agent-platform.kore.ai"), "KoreModelDeploy:Host must use https" },
        { "credentials in the host", o => o.Host = new Uri("https://user:pass@agent-platform.kore.ai"), "KoreModelDeploy:Host must not contain credentials" },
        { "query in the host", o => o.Host = new Uri("https://agent-platform.kore.ai/?a=1"), "KoreModelDeploy:Host must not contain credentials, a query" },
        { "no key", o => o.ApiKey = null, "KoreModelDeploy:ApiKey is required" },
        { "blank key", o => o.ApiKey = "  ", "KoreModelDeploy:ApiKey is required" },
        { "key with a pasted newline", o => o.ApiKey = TestClients.ApiKey + "\n", "KoreModelDeploy:ApiKey contains white-space or control characters" },
        { "key with an inner CR", o => o.ApiKey = "kg-abc\rdef", "KoreModelDeploy:ApiKey contains white-space or control characters" },
        { "zero timeout", o => o.Timeout = TimeSpan.Zero, "KoreModelDeploy:Timeout must be between" },
        { "attempt timeout too short", o => o.AttemptTimeout = TimeSpan.FromMilliseconds(50), "KoreModelDeploy:AttemptTimeout must be between" },
        { "attempt timeout above timeout", o => { o.Timeout = TimeSpan.FromSeconds(10); o.AttemptTimeout = TimeSpan.FromSeconds(20); }, "KoreModelDeploy:AttemptTimeout (00:00:20) must not exceed KoreModelDeploy:Timeout" },
        { "too many retries", o => o.Retry.MaxRetries = 11, "KoreModelDeploy:Retry:MaxRetries must be between 0 and 10." },
        { "negative retries", o => o.Retry.MaxRetries = -1, "KoreModelDeploy:Retry:MaxRetries must be between 0 and 10." },
        { "negative retry delay", o => o.Retry.Delay = TimeSpan.FromSeconds(-1), "KoreModelDeploy:Retry:Delay must be between" },
        { "huge retry max delay", o => o.Retry.MaxDelay = TimeSpan.FromHours(1), "KoreModelDeploy:Retry:MaxDelay must be between" },
        { "no retry options", o => o.Retry = null!, "KoreModelDeploy:Retry is required" },
        { "polling too eager", o => o.Polling.InitialDelay = TimeSpan.FromMilliseconds(1), "KoreModelDeploy:Polling:InitialDelay must be between" },
        { "polling multiplier below 1", o => o.Polling.Multiplier = 0.5, "KoreModelDeploy:Polling:Multiplier must be between 1 and 10" },
        { "polling jitter NaN", o => o.Polling.Jitter = double.NaN, "KoreModelDeploy:Polling:Jitter must be between 0 and 0.5" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Client_refuses_invalid_settings_naming_the_setting(string why, Action<KoreModelDeployOptions> breakIt, string expected)
    {
        var options = TestClients.Options(breakIt);

        var create = () => new ModelDeploymentClient(options);

        var exception = create.Should().ThrowExactly<ArgumentException>(why).Which;
        exception.ParamName.Should().Be("options");
        exception.Message.Should().Contain(expected);
        exception.Message.Should().NotContain(TestClients.ApiKey);
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Client_over_an_http_client_refuses_them_too(string why, Action<KoreModelDeployOptions> breakIt, string expected)
    {
        var create = () => new ModelDeploymentClient(new MockHttpMessageHandler().ToHttpClient(), TestClients.Options(breakIt));

        create.Should().ThrowExactly<ArgumentException>(why).Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void Every_broken_setting_is_reported_at_once()
    {
        var options = new KoreModelDeployOptions { Host = new Uri("http://example.com"), ApiKey = null, Timeout = TimeSpan.Zero };

        var create = () => new ModelDeploymentClient(options);

        create.Should().ThrowExactly<ArgumentException>().Which.Message.Should()
            .Contain("KoreModelDeploy:Host").And.Contain("KoreModelDeploy:ApiKey").And.Contain("KoreModelDeploy:Timeout");
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://agent-platform.kore.ai")]
    public void Loopback_http_and_any_https_host_are_accepted(string host)
    {
        var create = () => new ModelDeploymentClient(new KoreModelDeployOptions { Host = new Uri(host), ApiKey = TestClients.ApiKey });

        create.Should().NotThrow();
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/api/public/models/cm-1/undeploy")]
    [InlineData("http://localhost:5080/", "http://localhost:5080/api/public/models/cm-1/undeploy")]
    [InlineData("https://gateway.example.test/kore/", "https://gateway.example.test/kore/api/public/models/cm-1/undeploy")]
    [InlineData("https://gateway.example.test/kore", "https://gateway.example.test/kore/api/public/models/cm-1/undeploy")]
    public async Task Requests_go_to_the_configured_host(string host, string expectedUrl)
    {
        var mock = new CountingMock();
        var client = new ModelDeploymentClient(mock.Handler.ToHttpClient(), new KoreModelDeployOptions { Host = new Uri(host), ApiKey = TestClients.ApiKey });

        await client.UndeployAsync("cm-1");

        mock.Script.Requests.Single().Uri.AbsoluteUri.Should().Be(expectedUrl);
    }
}
