using KoreModelDeploy.Emulator.Hosting;

namespace KoreModelDeploy.Emulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void The_documented_command_line_sets_port_key_and_job_duration()
    {
        var ok = CommandLine.TryParse(["--port", "5080", "--api-key", "kg-test", "--job-duration", "5"], out var options, out var error);

        ok.Should().BeTrue(error);
        options!.Port.Should().Be(5080);
        options.ApiKey.Should().Be("kg-test");
        options.JobDuration.Should().Be(TimeSpan.FromSeconds(5));
        options.DockStatusRateLimitEnabled.Should().BeTrue();
    }

    [Fact]
    public void Every_other_option_is_understood_in_both_forms()
    {
        var ok = CommandLine.TryParse(
            [
                "--no-rate-limit", "--status-limit-per-minute=10", "--status-limit-per-hour", "100",
                "--failed-job-fraction=0.25", "--transient-status-failure-rate", "0.5", "--seed=-3", "--jobs-never-complete",
                "--job-duration=0.5",
            ],
            out var options,
            out var error);

        ok.Should().BeTrue(error);
        options!.DockStatusRateLimitEnabled.Should().BeFalse();
        options.DockStatusRequestsPerMinute.Should().Be(10);
        options.DockStatusRequestsPerHour.Should().Be(100);
        options.FailedJobFraction.Should().Be(0.25);
        options.TransientStatusFailureRate.Should().Be(0.5);
        options.Seed.Should().Be(-3);
        options.JobsNeverComplete.Should().BeTrue();
        options.JobDuration.Should().Be(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Help_yields_no_options_and_no_error()
    {
        CommandLine.TryParse(["--help"], out var options, out var error).Should().BeTrue();

        options.Should().BeNull();
        error.Should().BeNull();
    }

    [Theory]
    [InlineData(new[] { "--port" }, "--port needs a value")]
    [InlineData(new[] { "--port", "eighty" }, "Invalid value for --port")]
    [InlineData(new[] { "--port", "70000" }, "Port")]
    [InlineData(new[] { "--failed-job-fraction", "2" }, "FailedJobFraction")]
    [InlineData(new[] { "--verbose" }, "Unknown option --verbose")]
    public void Bad_arguments_are_reported(string[] args, string expected)
    {
        CommandLine.TryParse(args, out var options, out var error).Should().BeFalse();

        options.Should().BeNull();
        error.Should().Contain(expected);
    }
}
