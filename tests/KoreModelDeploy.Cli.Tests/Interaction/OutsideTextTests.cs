using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Interaction;

/// <summary>Control characters from the service never reach a text line; JSON keeps the exact text; the step summary shows Markdown as text.</summary>
public sealed class OutsideTextTests
{
    private const string Hostile = "quota\u001b[2J\u001b]0;owned\u0007 exceeded\roverwritten\u202e";

    [Theory]
    [InlineData("\u001b[2Jcleared", "[2Jcleared")]
    [InlineData("a\rb", "a b")]
    [InlineData("a\nb\u2028c", "a b c")]
    [InlineData("\u009b31mred\u007f", "31mred")]
    [InlineData("tab\tkept", "tab\tkept")]
    [InlineData("\u202egnp.exe", "gnp.exe")]
    public void A_line_keeps_no_control_character(string text, string expected) =>
        OutsideText.ForLine(text).Should().Be(expected);

    [Fact]
    public async Task A_failed_jobs_message_reaches_stderr_and_the_text_result_without_control_characters_and_JSON_exactly()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.Faults.FailNextJob(Hostile);
        var text = await session.DeployAsync();
        session.Emulator.Faults.FailNextJob(Hostile);
        var json = await session.DeployAsync("-o", "json");

        text.ExitCode.Should().Be(ExitCodes.JobFailed, text.ToString());
        text.All.Should().NotContainAny("\u001b", "\r", "\u0007", "\u202e").And.Contain("quota[2J]0;owned exceeded overwritten");
        json.Json.GetProperty("message").GetString().Should().Be(Hostile, "JSON keeps the exact text");
        json.Out.Should().NotContainAny("\u001b", "\r", "\u0007");
        json.Error.Should().NotContainAny("\u001b", "\r", "\u0007");
    }

    [Fact]
    public async Task The_step_summary_shows_Markdown_and_HTML_from_the_service_as_text()
    {
        await using var session = await EmulatorSession.StartAsync();
        var summary = session.Files.PathOf("step_summary");
        session.Runner.Environment["GITHUB_ACTIONS"] = "true";
        session.Runner.Environment["GITHUB_STEP_SUMMARY"] = summary;
        session.Emulator.Faults.FailNextJob("<img src=x onerror=alert(1)> **bold** _it_ `code` [link](http://evil) a|b & \u001b[2J");

        var run = await session.DeployAsync();

        run.ExitCode.Should().Be(ExitCodes.JobFailed, run.ToString());
        var row = File.ReadAllLines(summary).Single(l => l.StartsWith("| deploy ", StringComparison.Ordinal));
        row.Should().Contain("&lt;img src=x onerror=alert(1)&gt; \\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[link\\](http://evil) a\\|b &amp; \\[2J");
        row.Should().NotContain("\u001b").And.NotContain("<img");
    }
}
