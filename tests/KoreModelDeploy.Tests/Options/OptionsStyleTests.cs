using System.CodeDom.Compiler;
using System.Reflection;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.Polling;
using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static KoreModelDeploy.Tests.Polling.ScriptedJob;
using static KoreModelDeploy.Tests.TestSupport.TestIds;

namespace KoreModelDeploy.Tests.Options;

/// <summary>
/// One options style: mutable classes bound from configuration directly, range checks generated from the attributes
/// beside each member, messages that name the setting, and copies taken when the settings are used.
/// </summary>
public class OptionsStyleTests
{
    public static TheoryData<string, string, string> OutOfRange => new()
    {
        { "Timeout", "00:00:00.500", "KoreModelDeploy:Timeout must be between 00:00:01 and 01:00:00." },
        { "AttemptTimeout", "00:20:00", "KoreModelDeploy:AttemptTimeout must be between 00:00:00.1000000 and 00:10:00." },
        { "Retry:MaxRetries", "11", "KoreModelDeploy:Retry:MaxRetries must be between 0 and 10." },
        { "Retry:Delay", "00:02:00", "KoreModelDeploy:Retry:Delay must be between 00:00:00 and 00:01:00." },
        { "Retry:MaxDelay", "01:00:00", "KoreModelDeploy:Retry:MaxDelay must be between 00:00:00 and 00:10:00." },
        { "Polling:InitialDelay", "00:00:00.001", "KoreModelDeploy:Polling:InitialDelay must be between 00:00:00.0100000 and 01:00:00." },
        { "Polling:Multiplier", "11", "KoreModelDeploy:Polling:Multiplier must be between 1 and 10." },
        { "Polling:MaxDelay", "02:00:00", "KoreModelDeploy:Polling:MaxDelay must be between 00:00:00.0100000 and 01:00:00." },
        { "Polling:Jitter", "0.9", "KoreModelDeploy:Polling:Jitter must be between 0 and 0.5." },
        { "Polling:Timeout", "2.00:00:00", "KoreModelDeploy:Polling:Timeout must be between 00:00:01 and 1.00:00:00." },
        { "Polling:MaxConsecutiveFailures", "-1", "KoreModelDeploy:Polling:MaxConsecutiveFailures must be between 0 and 1000." },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void A_setting_out_of_range_in_configuration_fails_start_up_naming_it(string key, string value, string expected)
    {
        using var provider = Bind(null, ("KoreModelDeploy:" + key, value));

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        var failures = validate.Should().Throw<OptionsValidationException>().Which.Failures;
        failures.Should().Contain(expected, "the message names the setting, whatever the polling section's new shape");
    }

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void A_named_client_names_its_own_section(string key, string value, string expected)
    {
        using var provider = Bind("prod", ("KoreModelDeploy:" + key, value));

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().Throw<OptionsValidationException>().Which.Failures
            .Should().Contain(expected.Replace("KoreModelDeploy:", "KoreModelDeploy (prod):", StringComparison.Ordinal));
    }

    [Fact]
    public void Cross_field_rules_are_checked_beside_the_generated_ranges()
    {
        using var provider = Bind(null, ("KoreModelDeploy:Polling:InitialDelay", "00:00:20"), ("KoreModelDeploy:Polling:MaxDelay", "00:00:10"), ("KoreModelDeploy:Polling:Jitter", "0.9"));

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().Throw<OptionsValidationException>().Which.Failures.Should().BeEquivalentTo(
            "KoreModelDeploy:Polling:Jitter must be between 0 and 0.5.",
            "KoreModelDeploy:Polling:MaxDelay (00:00:10) must not be less than KoreModelDeploy:Polling:InitialDelay (00:00:20).");
    }

    [Fact]
    public void The_range_checks_are_source_generated()
    {
        var validate = typeof(KoreModelDeployOptions).Assembly.GetType("KoreModelDeploy.KoreModelDeployOptionsRangeValidator", throwOnError: true)!
            .GetMethod(nameof(IValidateOptions<KoreModelDeployOptions>.Validate), [typeof(string), typeof(KoreModelDeployOptions)])!;

        validate.GetCustomAttribute<GeneratedCodeAttribute>()!.Tool.Should().Be("Microsoft.Extensions.Options.SourceGeneration");
    }

    [Fact]
    public async Task A_per_call_override_is_checked_naming_the_parameter()
    {
        var operation = new PollingTestContext().Client.GetDockOperation(DockStatusId);

        var act = () => operation.WaitForCompletionAsync(new DockPollingOptions { Multiplier = double.NaN, MaxDelay = TimeSpan.FromSeconds(1) });

        var exception = (await act.Should().ThrowAsync<ArgumentException>()).Which;
        exception.ParamName.Should().Be("polling");
        exception.Message.Should().Contain("polling:Multiplier must be between 1 and 10.")
            .And.Contain("polling:MaxDelay (00:00:01) must not be less than polling:InitialDelay (00:00:05).");
    }

    [Fact]
    public void No_options_type_exposes_a_shared_instance_a_caller_could_change()
    {
        var optionsTypes = typeof(KoreModelDeployOptions).Assembly.GetExportedTypes().Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal)).ToList();

        var shared = from type in typeof(KoreModelDeployOptions).Assembly.GetExportedTypes()
                     from member in type.GetMembers(BindingFlags.Public | BindingFlags.Static)
                     let memberType = member switch { PropertyInfo p => p.PropertyType, FieldInfo f => f.FieldType, _ => null }
                     where memberType is not null && optionsTypes.Contains(memberType)
                     select $"{type.Name}.{member.Name}";

        optionsTypes.Should().Contain([typeof(KoreModelDeployOptions), typeof(KoreRetryOptions), typeof(DockPollingOptions)]);
        shared.Should().BeEmpty();
        new KoreModelDeployOptions().Polling.Should().NotBeSameAs(new KoreModelDeployOptions().Polling, "each options instance has polling options of its own");
        new KoreModelDeployOptions().Retry.Should().NotBeSameAs(new KoreModelDeployOptions().Retry);
    }

    [Fact]
    public async Task Changing_the_options_after_the_client_is_built_changes_none_of_its_waits()
    {
        KoreModelDeployOptions? options = null;
        var context = new PollingTestContext(configure: o => options = o);
        context.Job.Then(Status("IN_PROGRESS"), Status("SUCCESS"));
        options!.Polling.InitialDelay = TimeSpan.FromHours(1);
        options.Polling.MaxDelay = TimeSpan.FromHours(1);
        options.Polling.Multiplier = 0; // invalid, and never seen by the client

        await context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        var polls = context.Job.StatusPollTimes.ToList();
        (polls[0] - context.Clock.Start).Should().Be(TimeSpan.FromSeconds(5), "the client copied its polling options when it was built");
        (polls[1] - polls[0]).Should().Be(TimeSpan.FromSeconds(7.5));
    }

    [Fact]
    public async Task Changing_per_call_options_during_a_wait_changes_nothing_in_that_wait()
    {
        var context = new PollingTestContext();
        context.Job.Then(Status("IN_PROGRESS"), Status("IN_PROGRESS"), Status("SUCCESS"));
        var polling = new DockPollingOptions { InitialDelay = TimeSpan.FromSeconds(3), Multiplier = 1, MaxDelay = TimeSpan.FromSeconds(3), Jitter = 0 };
        var progress = new SynchronousProgress<DockStatus>(_ =>
        {
            polling.InitialDelay = TimeSpan.FromHours(1);
            polling.MaxDelay = TimeSpan.FromHours(1);
            polling.Timeout = TimeSpan.FromSeconds(1);
            polling.Multiplier = 0; // invalid: the wait checked and copied the options before this ran
        });

        var final = await context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request, polling, progress));

        final.Status.Should().Be(DockJobStatus.Success);
        var polls = context.Job.StatusPollTimes.ToList();
        polls.Should().HaveCount(3);
        polls.Zip(polls.Skip(1), (a, b) => b - a).Should().AllBeEquivalentTo(TimeSpan.FromSeconds(3), "the wait kept the copy it took when it started");
    }

    private static ServiceProvider Bind(string? name, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["KoreModelDeploy:Host"] = TestClients.Host, ["KoreModelDeploy:ApiKey"] = TestClients.ApiKey };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var section = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(KoreModelDeployOptions.SectionName);
        var services = new ServiceCollection();
        if (name is null)
        {
            services.AddKoreModelDeploy(section);
        }
        else
        {
            services.AddKoreModelDeploy(name, section);
        }

        return services.BuildServiceProvider();
    }
}
