using System.Net;
using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.DependencyInjection;

/// <summary>Options bound from an <see cref="IConfiguration"/> section, and validated when the application starts.</summary>
public class ConfigurationBindingTests
{
    private static IConfigurationSection Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(KoreModelDeployOptions.SectionName);

    [Fact]
    public void Every_setting_is_bound_from_configuration()
    {
        var section = Section(new()
        {
            ["KoreModelDeploy:Host"] = "https://eu.agent-platform.kore.ai",
            ["KoreModelDeploy:ApiKey"] = TestClients.ApiKey,
            ["KoreModelDeploy:Timeout"] = "00:00:45",
            ["KoreModelDeploy:AttemptTimeout"] = "00:00:05",
            ["KoreModelDeploy:AllowUndocumentedValues"] = "true",
            ["KoreModelDeploy:Retry:MaxRetries"] = "1",
            ["KoreModelDeploy:Retry:Delay"] = "00:00:00.250",
            ["KoreModelDeploy:Retry:MaxDelay"] = "00:00:10",
            ["KoreModelDeploy:Retry:UseJitter"] = "false",
            ["KoreModelDeploy:Polling:InitialDelay"] = "00:00:02",
            ["KoreModelDeploy:Polling:Multiplier"] = "2",
            ["KoreModelDeploy:Polling:MaxDelay"] = "00:00:20",
            ["KoreModelDeploy:Polling:Jitter"] = "0.1",
            ["KoreModelDeploy:Polling:Timeout"] = "00:30:00",
            ["KoreModelDeploy:Polling:MaxConsecutiveFailures"] = "3",
        });
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(section);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<KoreModelDeployOptions>>().Value;

        options.Host.Should().Be(new Uri("https://eu.agent-platform.kore.ai"));
        options.ApiKey.Should().Be(TestClients.ApiKey);
        options.Timeout.Should().Be(TimeSpan.FromSeconds(45));
        options.AttemptTimeout.Should().Be(TimeSpan.FromSeconds(5));
        options.AllowUndocumentedValues.Should().BeTrue();
        options.Retry.MaxRetries.Should().Be(1);
        options.Retry.Delay.Should().Be(TimeSpan.FromMilliseconds(250));
        options.Retry.MaxDelay.Should().Be(TimeSpan.FromSeconds(10));
        options.Retry.UseJitter.Should().BeFalse();
        options.Polling.InitialDelay.Should().Be(TimeSpan.FromSeconds(2));
        options.Polling.Multiplier.Should().Be(2);
        options.Polling.MaxDelay.Should().Be(TimeSpan.FromSeconds(20));
        options.Polling.Jitter.Should().Be(0.1);
        options.Polling.Timeout.Should().Be(TimeSpan.FromMinutes(30));
        options.Polling.MaxConsecutiveFailures.Should().Be(3);
    }

    [Fact]
    public async Task Bound_retry_setting_governs_the_resolved_client()
    {
        var mock = TestClients.StrictMock();
        var expectation = mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(ResponseScript.Of(() => Responses.Status(503)));
        var section = Section(new()
        {
            ["KoreModelDeploy:Host"] = TestClients.Host,
            ["KoreModelDeploy:ApiKey"] = TestClients.ApiKey,
            ["KoreModelDeploy:Retry:MaxRetries"] = "1",
            ["KoreModelDeploy:Retry:Delay"] = "00:00:00",
        });
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(section).ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        var call = () => provider.GetRequiredService<IModelDeploymentClient>().GetDockStatusAsync(TestIds.DockStatusId);

        await call.Should().ThrowExactlyAsync<KoreApiException>();
        mock.GetMatchCount(expectation).Should().Be(2);
    }

    [Theory]
    [InlineData(null, TestClients.ApiKey, "KoreModelDeploy:Host is required")]
    [InlineData("http://agent-platform.kore.ai", TestClients.ApiKey, "KoreModelDeploy:Host must use https")]
    [InlineData(TestClients.Host, null, "KoreModelDeploy:ApiKey is required")]
    public void Start_up_validation_names_the_missing_setting(string? host, string? apiKey, string expected)
    {
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(Section(new() { ["KoreModelDeploy:Host"] = host, ["KoreModelDeploy:ApiKey"] = apiKey }));
        using var provider = services.BuildServiceProvider();

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        var exception = validate.Should().Throw<OptionsValidationException>().Which;
        exception.Message.Should().Contain(expected);
        exception.Message.Should().NotContain(TestClients.ApiKey);
    }

    [Fact]
    public void Start_up_validation_passes_for_valid_settings()
    {
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(o => { o.Host = new Uri(TestClients.Host); o.ApiKey = TestClients.ApiKey; });
        using var provider = services.BuildServiceProvider();

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().NotThrow();
    }

    [Fact]
    public void Resolving_a_client_with_invalid_settings_fails_with_the_setting_named()
    {
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(o => o.Host = new Uri(TestClients.Host));
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IModelDeploymentClient>();

        resolve.Should().Throw<Exception>().Which.Message.Should().Contain("KoreModelDeploy:ApiKey is required");
    }
}
