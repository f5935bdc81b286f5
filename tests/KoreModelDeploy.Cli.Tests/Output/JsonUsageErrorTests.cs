using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Output;

/// <summary>With <c>-o json</c>, a command line that does not parse still leaves one JSON document on stdout.</summary>
public sealed class JsonUsageErrorTests
{
    [Theory]
    [InlineData("status", "ds-1", "--tiemout", "5s", "-o", "json")]
    [InlineData("deploy", "cm-1", "--output", "json")]
    [InlineData("validate", "-f", "deploy.json", "-o", "jsn")]
    [InlineData("validate", "-f", "deploy.json", "--output=json", "--bogus")]
    public async Task A_usage_error_is_one_JSON_document_with_exit_code_1_and_no_help_text(params string[] args)
    {
        var run = await new ToolRunner().RunAsync(args);

        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        var json = run.Json;
        json.GetProperty("exitCode").GetInt32().Should().Be(ExitCodes.Usage);
        json.GetProperty("command").GetString().Should().Be(args[0]);
        json.GetProperty("reason").GetString().Should().NotBeNullOrWhiteSpace();
        run.Out.Should().NotContain("Usage:");
        run.Error.Should().Contain("error:");
    }

    [Fact]
    public async Task In_text_mode_a_usage_error_still_exits_1()
    {
        var run = await new ToolRunner().RunAsync("status", "ds-1", "--tiemout", "5s");

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("--tiemout");
    }
}
