using KoreModelDeploy.Tests.TestSupport;
using KoreModelDeploy.Tests.Transport;

namespace KoreModelDeploy.Tests.Options;

/// <summary>
/// <see cref="KoreModelDeployOptions.Validate"/> and <see cref="DockPollingOptions.Validate"/>: the rules a client and a
/// wait apply, listed with each setting's path, so a program that fills the options from its own input can name that
/// input; and the polling limits, public so such a program does not restate them.
/// </summary>
public class OptionsValidateTests
{
    [Theory]
    [MemberData(nameof(HostOptionsTests.InvalidSettings), MemberType = typeof(HostOptionsTests))]
    public void Validate_lists_what_the_client_refuses_each_error_under_its_setting_path(string why, Action<KoreModelDeployOptions> breakIt, string expected)
    {
        var options = TestClients.Options(breakIt);

        var errors = options.Validate();

        errors.Should().NotBeEmpty(why);
        errors.Should().OnlyContain(e => e.AttemptedValue == null, "a setting may hold a secret");
        var named = string.Join(" ", errors.Select(e => $"{KoreModelDeployOptions.SectionName}:{e.Path} {e.Message}"));
        named.Should().Contain(expected).And.NotContain(TestClients.ApiKey);
        var create = () => new ModelDeploymentClient(options);
        create.Should().ThrowExactly<ArgumentException>().Which.Message.Should().StartWith("Invalid KoreModelDeploy options: " + named, "the client refuses by the same list");
    }

    [Fact]
    public void Usable_settings_have_no_errors() =>
        TestClients.Options().Validate().Should().BeEmpty();

    [Fact]
    public void Each_error_names_its_setting_by_path_and_the_rule_without_the_setting()
    {
        var options = TestClients.Options(o =>
        {
            o.Host = new Uri("https://user:pass@agent-platform.kore.ai");
            o.Polling.InitialDelay = TimeSpan.FromMilliseconds(1);
        });

        options.Validate().Should().BeEquivalentTo(
        [
            new KoreValidationError("Polling:InitialDelay", null, "must be between 00:00:00.0100000 and 01:00:00."),
            new KoreValidationError("Host", null, "must not contain credentials, a query or a fragment."),
        ]);
    }

    [Fact]
    public void Polling_validate_names_the_delay_that_is_below_the_first_one()
    {
        var polling = new DockPollingOptions { InitialDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(1) };

        polling.Validate().Should().ContainSingle().Which.Path.Should().Be(nameof(DockPollingOptions.MaxDelay));
        new DockPollingOptions().Validate().Should().BeEmpty();
    }

    [Fact]
    public void The_polling_limits_are_the_ones_a_wait_applies()
    {
        DockPollingOptions.ShortestDelay.Should().Be(TimeSpan.FromMilliseconds(10));
        DockPollingOptions.LongestDelay.Should().Be(TimeSpan.FromHours(1));
        DockPollingOptions.ShortestTimeout.Should().Be(TimeSpan.FromSeconds(1));
        DockPollingOptions.LongestTimeout.Should().Be(TimeSpan.FromDays(1));

        var tick = TimeSpan.FromTicks(1);
        PathsBroken(new() { InitialDelay = DockPollingOptions.ShortestDelay, MaxDelay = DockPollingOptions.LongestDelay, Timeout = DockPollingOptions.ShortestTimeout }).Should().BeEmpty();
        PathsBroken(new() { Timeout = DockPollingOptions.LongestTimeout }).Should().BeEmpty();
        PathsBroken(new() { InitialDelay = DockPollingOptions.ShortestDelay - tick }).Should().Equal("InitialDelay");
        PathsBroken(new() { MaxDelay = DockPollingOptions.LongestDelay + tick }).Should().Equal("MaxDelay");
        PathsBroken(new() { Timeout = DockPollingOptions.ShortestTimeout - tick }).Should().Equal("Timeout");
        PathsBroken(new() { Timeout = DockPollingOptions.LongestTimeout + tick }).Should().Equal("Timeout");
    }

    private static IEnumerable<string> PathsBroken(DockPollingOptions polling) => polling.Validate().Select(e => e.Path);
}
