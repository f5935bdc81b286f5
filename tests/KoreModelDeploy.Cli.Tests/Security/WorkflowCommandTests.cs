using KoreModelDeploy.Cli.Interaction;

namespace KoreModelDeploy.Cli.Tests.Security;

/// <summary>Text from outside, printed in a GitHub Actions log, stays text: one line, never a workflow command.</summary>
public sealed class WorkflowCommandTests
{
    [Theory]
    [InlineData("::add-mask::x")]
    [InlineData("   ::stop-commands::token")]
    [InlineData("model: failed\n::error::forged")]
    [InlineData("model: failed\r\n::set-output name=a::b")]
    [InlineData("model: failed\u2028::warning::forged")]
    [InlineData("model: failed ##[error]forged")]
    [InlineData("##[group]forged")]
    public void Text_from_outside_never_reads_as_a_workflow_command(string text)
    {
        var line = GitHubActions.Inert(text);

        line.Should().NotContainAny("\r", "\n", "\u2028", "\u2029");
        line.TrimStart().Should().NotStartWith("::");
        line.Should().NotContain("##[");
        line.Replace("\u200B", string.Empty, StringComparison.Ordinal).Should().Contain(text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n', '\u2028')[^1].Trim(), "people still read what was said");
    }

    [Theory]
    [InlineData("model-01: deploy job ds-1")]
    [InlineData("a line with :: inside and # [ apart")]
    public void An_ordinary_line_is_left_as_it_is(string text) =>
        GitHubActions.Inert(text).Should().BeSameAs(text);
}
