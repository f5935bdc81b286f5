namespace KoreModelDeploy.CommandLine;

/// <summary>
/// Whether a stream for people may carry colour and other escape codes. Compiled into each command-line entry point
/// (the tool and the emulator), so both follow the same rule; the emulator cannot reference the tool, and the rule is
/// no part of any package's API.
/// </summary>
internal static class ColourRule
{
    /// <summary>
    /// True only when the stream is a terminal, <c>NO_COLOR</c> is unset or empty (no-color.org), <c>TERM</c> is not
    /// <c>dumb</c>, and no CI system is named (<c>CI</c> other than <c>false</c>, or <c>GITHUB_ACTIONS=true</c>): escape
    /// codes in a file or a CI log are noise.
    /// </summary>
    /// <param name="streamIsTerminal">Whether the stream goes to a terminal rather than a file or a pipe.</param>
    /// <param name="environment">Reads an environment variable; <see langword="null"/> when it is not set.</param>
    public static bool Allows(bool streamIsTerminal, Func<string, string?> environment) =>
        streamIsTerminal
        && string.IsNullOrEmpty(environment("NO_COLOR"))
        && !string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal)
        && !IsCi(environment);

    /// <summary>Whether a CI system is named: <c>CI</c> set to anything but <c>false</c>, or <c>GITHUB_ACTIONS=true</c>.</summary>
    /// <param name="environment">Reads an environment variable; <see langword="null"/> when it is not set.</param>
    public static bool IsCi(Func<string, string?> environment) =>
        environment("CI") is { } ci && !string.Equals(ci, "false", StringComparison.OrdinalIgnoreCase)
        || string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.Ordinal);
}
