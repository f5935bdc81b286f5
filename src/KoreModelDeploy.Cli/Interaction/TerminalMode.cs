using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.CommandLine;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>
/// Decides, once, whether stderr gets live progress with colour or plain lines. Spectre.Console would decide from all
/// three standard streams, so <c>-o json &gt; out.json</c> would turn live progress off on a terminal; only stderr matters.
/// </summary>
internal static class TerminalMode
{
    public static bool IsLive(CliHost host, OutputSettings settings) =>
        ColourRule.Allows(host.ErrorIsTerminal, host.GetEnvironmentVariable)
        && !settings.NoColor
        // -v prints a line per HTTP attempt, which a live line would overwrite.
        && !settings.Verbose;
}
