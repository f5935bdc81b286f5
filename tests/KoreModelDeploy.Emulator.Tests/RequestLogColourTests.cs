using KoreModelDeploy.Emulator.Hosting;
using Microsoft.Extensions.Logging.Console;

namespace KoreModelDeploy.Emulator.Tests;

/// <summary>The request log on stderr is coloured by kore-deploy's rule: a terminal, and no NO_COLOR, TERM=dumb or CI.</summary>
public sealed class RequestLogColourTests
{
    [Theory]
    [InlineData(true, null, null, LoggerColorBehavior.Default)]
    [InlineData(false, null, null, LoggerColorBehavior.Disabled)]
    [InlineData(true, "NO_COLOR", "1", LoggerColorBehavior.Disabled)]
    [InlineData(true, "NO_COLOR", "", LoggerColorBehavior.Default)]
    [InlineData(true, "TERM", "dumb", LoggerColorBehavior.Disabled)]
    [InlineData(true, "CI", "true", LoggerColorBehavior.Disabled)]
    [InlineData(true, "GITHUB_ACTIONS", "true", LoggerColorBehavior.Disabled)]
    public void Colour_follows_the_tools_rule(bool errorIsTerminal, string? name, string? value, LoggerColorBehavior expected) =>
        EmulatorCommandLine.RequestLogColour(errorIsTerminal, variable => variable == name ? value : null).Should().Be(expected);
}
