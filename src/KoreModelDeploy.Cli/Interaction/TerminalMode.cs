using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Options;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>
/// Decides, once, whether stderr gets live progress with colour or plain lines. Spectre.Console would decide from all
/// three standard streams, so <c>-o json &gt; out.json</c> would turn live progress off on a terminal; only stderr matters.
/// </summary>
internal static class TerminalMode
{
    public static bool IsLive(CliHost host, OutputSettings settings) =>
        host.ErrorIsTerminal
        && !settings.NoColor
        // -v prints a line per HTTP attempt, which a live line would overwrite.
        && !settings.Verbose
        && host.GetEnvironmentVariable("NO_COLOR") is null
        && !string.Equals(host.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal)
        && !IsCi(host);

    private static bool IsCi(CliHost host) =>
        host.GetEnvironmentVariable("CI") is { } ci && !string.Equals(ci, "false", StringComparison.OrdinalIgnoreCase)
        || string.Equals(host.GetEnvironmentVariable("GITHUB_ACTIONS"), "true", StringComparison.Ordinal);
}
