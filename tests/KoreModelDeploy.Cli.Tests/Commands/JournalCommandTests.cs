using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary>The <c>journal</c> group: its verbs' help, their shape, and completion of them.</summary>
public sealed class JournalCommandTests
{
    [Theory]
    [InlineData("rebind", "kore-deploy journal rebind -f kore.json --env")]
    [InlineData("forget", "kore-deploy journal forget support-gpt2 -f kore.json --env")]
    [InlineData("copy", "kore-deploy journal copy -f kore.json --env staging --to postgres://")]
    public async Task Each_verbs_help_has_its_example_the_options_of_one_shape_and_its_exit_codes(string verb, string example)
    {
        var run = await new ToolRunner().RunAsync("journal", verb, "--help");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain("--file").And.Contain("--env").And.Contain("--journal").And.Contain("--output");
        run.Out.Should().NotContain("--prune").And.NotContain("--retry-failed").And.NotContain("--verbose");
        var footer = run.Out[run.Out.IndexOf("Example", StringComparison.Ordinal)..];
        footer.Should().Contain(example);
        var exitCodes = footer[footer.IndexOf("Exit codes:", StringComparison.Ordinal)..];
        exitCodes.Should().MatchRegex($@"(?m)^  {ExitCodes.Success} +\S").And.MatchRegex($@"(?m)^  {ExitCodes.Configuration} +\S");
    }

    [Fact]
    public async Task The_group_lists_its_verbs_in_help_and_completion()
    {
        var help = await new ToolRunner().RunAsync("journal", "--help");
        const string line = "kore-deploy journal ";
        var suggested = await new ToolRunner().RunAsync($"[suggest:{line.Length}]", line);

        help.Out.Should().Contain("rebind").And.Contain("forget").And.Contain("copy").And.Contain("kore-deploy journal forget").And.Contain("kore-deploy journal copy");
        suggested.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Should().Contain(["rebind", "forget", "copy"], suggested.ToString());
    }

    [Fact]
    public async Task A_verb_without_its_manifest_and_environment_is_a_usage_error()
    {
        var run = await new ToolRunner().RunAsync("journal", "forget", "model-01", "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        run.Json.GetProperty("reason").GetString().Should().Contain("--file").And.Contain("--env");
    }
}
