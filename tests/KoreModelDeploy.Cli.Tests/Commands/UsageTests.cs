using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary>Exit code 1 for command lines the tool cannot read, and help on stdout.</summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData("bogus")]
    [InlineData("deploy", "cm-1")]
    [InlineData("status", "ds-1", "--api-key", "k")]
    public async Task A_command_line_that_does_not_parse_exits_1_with_the_error_on_stderr(params string[] args)
    {
        var run = await new ToolRunner().RunAsync(args);

        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        run.Error.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var run = await new ToolRunner().RunAsync("--help");

        run.ExitCode.Should().Be(0);
        foreach (var command in new[] { "deploy", "undeploy", "status", "wait", "validate" })
        {
            run.Out.Should().Contain(command);
        }
    }

    [Theory]
    [InlineData("deploy", "--type")]
    [InlineData("wait", "--timeout")]
    [InlineData("validate", "--file")]
    public async Task A_command_s_help_lists_its_own_options_before_the_output_options(string command, string own)
    {
        var run = await new ToolRunner().RunAsync(command, "--help");

        run.ExitCode.Should().Be(0);
        run.Out.IndexOf(own, StringComparison.Ordinal).Should().BePositive().And.BeLessThan(run.Out.IndexOf("--output", StringComparison.Ordinal));
    }
}
