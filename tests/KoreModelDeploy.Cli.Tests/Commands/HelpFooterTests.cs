using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary>Each command's <c>--help</c> ends with an example, the environment variables it reads, and its exit codes.</summary>
public sealed class HelpFooterTests
{
    public static TheoryData<string, string[], int[]> Commands => new()
    {
        { "deploy", ["KORE_HOST", "KORE_API_KEY"], [ExitCodes.Success, ExitCodes.JobFailed, ExitCodes.InvalidRequest, ExitCodes.Authentication, ExitCodes.WaitTimedOut, ExitCodes.Configuration, ExitCodes.Cancelled] },
        { "undeploy", ["KORE_HOST", "KORE_API_KEY"], [ExitCodes.Success, ExitCodes.JobFailed, ExitCodes.WaitTimedOut, ExitCodes.Configuration] },
        { "wait", ["KORE_HOST", "KORE_API_KEY"], [ExitCodes.Success, ExitCodes.JobFailed, ExitCodes.WaitTimedOut, ExitCodes.Cancelled] },
        { "status", ["KORE_HOST", "KORE_API_KEY"], [ExitCodes.Success, ExitCodes.Authentication, ExitCodes.ApiError] },
        { "validate", ["NO_COLOR"], [ExitCodes.Success, ExitCodes.InvalidRequest, ExitCodes.Configuration] },
        { "plan", ["NO_COLOR"], [ExitCodes.Success, ExitCodes.InvalidRequest, ExitCodes.PlanHasChanges] },
        { "apply", ["KORE_API_KEY"], [ExitCodes.Success, ExitCodes.UnknownState, ExitCodes.Cancelled] },
        { "completion", [], [ExitCodes.Success] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_has_an_example_the_variables_and_the_exit_codes(string command, string[] variables, int[] codes)
    {
        var run = await new ToolRunner().RunAsync(command, "--help");

        run.ExitCode.Should().Be(0, run.ToString());
        var footer = run.Out[run.Out.IndexOf("Example", StringComparison.Ordinal)..];
        footer.Should().Contain("kore-deploy " + command);
        footer.Should().Contain("Environment variables:");
        foreach (var variable in variables)
        {
            footer.Should().Contain(variable);
        }

        var exitCodes = footer[footer.IndexOf("Exit codes:", StringComparison.Ordinal)..];
        foreach (var code in codes)
        {
            exitCodes.Should().MatchRegex($@"(?m)^  {code} +\S");
        }
    }

    [Fact]
    public async Task Validate_and_plan_offer_no_verbose_option_since_they_send_nothing()
    {
        var validate = await new ToolRunner().RunAsync("validate", "--help");
        var plan = await new ToolRunner().RunAsync("plan", "--help");
        var deploy = await new ToolRunner().RunAsync("deploy", "--help");

        validate.Out.Should().NotContain("--verbose");
        plan.Out.Should().NotContain("--verbose");
        deploy.Out.Should().Contain("--verbose");
    }
}
