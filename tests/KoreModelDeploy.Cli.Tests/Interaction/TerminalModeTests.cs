using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.CommandLine;

namespace KoreModelDeploy.Cli.Tests.Interaction;

/// <summary>
/// Live progress with colour only on a terminal the environment leaves alone, without <c>--no-color</c> or <c>-v</c>;
/// the colour part is the rule the emulator's request log follows too.
/// </summary>
public sealed class TerminalModeTests
{
    [Theory]
    [InlineData(true, null, null, true)]
    [InlineData(false, null, null, false)]
    [InlineData(true, "NO_COLOR", "1", false)]
    [InlineData(true, "NO_COLOR", "", true)]
    [InlineData(true, "TERM", "dumb", false)]
    [InlineData(true, "TERM", "xterm-256color", true)]
    [InlineData(true, "CI", "true", false)]
    [InlineData(true, "CI", "false", true)]
    [InlineData(true, "GITHUB_ACTIONS", "true", false)]
    public void The_colour_rule_and_live_progress_agree_on_every_environment(bool terminal, string? name, string? value, bool expected)
    {
        string? Environment(string variable) => variable == name ? value : null;
        var host = new CliHost(TextWriter.Null, TextWriter.Null, TextReader.Null, Environment, terminal);

        ColourRule.Allows(terminal, Environment).Should().Be(expected);
        TerminalMode.IsLive(host, OutputSettings.Default).Should().Be(expected);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void No_color_and_verbose_turn_a_terminal_plain(bool noColor, bool verbose)
    {
        var host = new CliHost(TextWriter.Null, TextWriter.Null, TextReader.Null, _ => null, errorIsTerminal: true);

        TerminalMode.IsLive(host, OutputSettings.Default with { NoColor = noColor, Verbose = verbose }).Should().BeFalse();
    }
}
