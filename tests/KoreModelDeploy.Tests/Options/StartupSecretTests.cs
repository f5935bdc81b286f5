using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KoreModelDeploy.Tests.Options;

/// <summary>
/// Settings that cannot work are refused when the application starts, naming the setting and never its secret parts:
/// a key an HTTP header cannot carry, and a host with user-info, a query or a fragment.
/// </summary>
public class StartupSecretTests
{
    private const string HostWithCredentials = "http://user:s3cr3t-in-host@example.com";

    public static TheoryData<string, string> UnsendableKeys => new()
    {
        { "Cyrillic letters", "kg-ключ-123" },
        { "a pasted en-dash", "kg\u2013UNSENDABLE-77a1" },
        { "a curly quote", "kg-UNSENDABLE-\u201977a1" },
        { "a Latin-1 letter", "kg-UNSENDABLE-\u00e977a1" },
    };

    [Theory]
    [MemberData(nameof(UnsendableKeys))]
    public void Plain_constructor_refuses_a_key_a_header_cannot_carry_naming_the_setting_not_the_value(string why, string key)
    {
        var create = () => new ModelDeploymentClient(TestClients.Options(o => o.ApiKey = key));

        var message = create.Should().ThrowExactly<ArgumentException>(why).Which.Message;
        message.Should().Contain("KoreModelDeploy:ApiKey");
        message.Should().NotContain(key).And.NotContain(key.Substring(3), "no part of the key is repeated");
    }

    [Theory]
    [MemberData(nameof(UnsendableKeys))]
    public async Task Host_start_up_refuses_a_key_a_header_cannot_carry_and_logs_no_part_of_it(string why, string key)
    {
        var (failure, log) = await StartHostAsync(new() { ["KoreModelDeploy:Host"] = TestClients.Host, ["KoreModelDeploy:ApiKey"] = key });

        failure.Should().BeOfType<OptionsValidationException>(why).Which.Message.Should().Contain("KoreModelDeploy:ApiKey contains characters other than printable ASCII");
        failure.ToString().Should().NotContain(key.Substring(3));
        log.Should().NotContain(key.Substring(3));
    }

    [Fact]
    public async Task Printable_ascii_keys_of_every_kind_start()
    {
        var printable = new string(Enumerable.Range('!', '~' - '!' + 1).Select(c => (char)c).ToArray());

        var (failure, _) = await StartHostAsync(new() { ["KoreModelDeploy:Host"] = TestClients.Host, ["KoreModelDeploy:ApiKey"] = printable });

        failure.Should().BeNull();
    }

    [Fact]
    public void Named_client_names_its_own_section_for_an_unsendable_key()
    {
        var services = new ServiceCollection();
        services.AddKoreModelDeploy("eu", o => { o.Host = new Uri(TestClients.Host); o.ApiKey = "kg-ключ-123"; });
        using var provider = services.BuildServiceProvider();

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        var message = validate.Should().Throw<OptionsValidationException>().Which.Message;
        message.Should().Contain("KoreModelDeploy (eu):ApiKey contains characters other than printable ASCII").And.NotContain("ключ");
    }

    [Theory]
    [InlineData(HostWithCredentials)]
    [InlineData("https://user:s3cr3t-in-host@agent-platform.example.test")]
    [InlineData("ftp://user:s3cr3t-in-host@agent-platform.example.test")]
    public void Plain_constructor_never_repeats_user_info_of_the_host(string host)
    {
        var create = () => new ModelDeploymentClient(TestClients.Options(o => o.Host = new Uri(host)));

        var exception = create.Should().ThrowExactly<ArgumentException>().Which;
        exception.Message.Should().Contain("KoreModelDeploy:Host");
        exception.ToString().Should().NotContain("s3cr3t-in-host").And.NotContain("user:");
    }

    [Fact]
    public void A_relative_host_is_refused_without_repeating_it()
    {
        var create = () => new ModelDeploymentClient(TestClients.Options(o => o.Host = new Uri("api/user@s3cr3t-in-host", UriKind.Relative)));

        create.Should().ThrowExactly<ArgumentException>().Which.Message.Should()
            .Contain("KoreModelDeploy:Host must be an absolute URL").And.NotContain("s3cr3t-in-host");
    }

    [Fact]
    public void A_disallowed_scheme_is_shown_without_user_info()
    {
        var create = () => new ModelDeploymentClient(TestClients.Options(o => o.Host = new Uri(HostWithCredentials)));

        create.Should().ThrowExactly<ArgumentException>().Which.Message.Should()
            .Contain("KoreModelDeploy:Host must use https").And.Contain("'http://example.com/' does not");
    }

    [Theory]
    [InlineData(HostWithCredentials)]
    [InlineData("https://agent-platform.example.test/?key=s3cr3t-in-host")]
    [InlineData("https://agent-platform.example.test/#s3cr3t-in-host")]
    public async Task Host_start_up_exception_and_its_log_never_repeat_user_info_query_or_fragment(string host)
    {
        var (failure, log) = await StartHostAsync(new() { ["KoreModelDeploy:Host"] = host, ["KoreModelDeploy:ApiKey"] = TestClients.ApiKey });

        failure.Should().BeOfType<OptionsValidationException>().Which.Message.Should().Contain("KoreModelDeploy:Host");
        failure!.ToString().Should().NotContain("s3cr3t-in-host");
        log.Should().Contain("KoreModelDeploy:Host", "the host logs the failed start, so the log is checked too");
        log.Should().NotContain("s3cr3t-in-host");
    }

    [Theory]
    [InlineData(HostWithCredentials, "Host=http://example.com/,")]
    [InlineData("https://agent-platform.example.test/kore/?key=s3cr3t-in-host#s3cr3t-in-host", "Host=https://agent-platform.example.test/kore/,")]
    [InlineData("https://user:s3cr3t-in-host@agent-platform.example.test:8443/", "Host=https://agent-platform.example.test:8443/,")]
    public void ToString_shows_scheme_host_port_and_path_only(string host, string expected)
    {
        var options = new KoreModelDeployOptions { Host = new Uri(host), ApiKey = TestClients.ApiKey };

        var text = options.ToString();

        text.Should().Contain(expected).And.NotContain("s3cr3t-in-host").And.NotContain(TestClients.ApiKey);
    }

    [Fact]
    public void ToString_of_a_relative_host_shows_none_of_it()
    {
        var options = new KoreModelDeployOptions { Host = new Uri("api/user@s3cr3t-in-host", UriKind.Relative) };

        options.ToString().Should().Contain("Host=(not an absolute URL),").And.NotContain("s3cr3t-in-host");
    }

    /// <summary>Starts a generic host bound to the settings, with every log entry captured; returns what start-up threw.</summary>
    private static async Task<(Exception? Failure, string Log)> StartHostAsync(Dictionary<string, string?> settings)
    {
        var logs = new CapturingLoggerProvider();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Services.AddKoreModelDeploy(builder.Configuration.GetSection(KoreModelDeployOptions.SectionName));
        using var host = builder.Build();

        Exception? failure = null;
        try
        {
            await host.StartAsync(CancellationToken.None);
            await host.StopAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        return (failure, string.Join("\n", logs.Entries.SelectMany(e => e.AllText())));
    }
}
