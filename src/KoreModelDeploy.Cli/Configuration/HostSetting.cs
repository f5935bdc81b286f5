using System.Diagnostics.CodeAnalysis;

namespace KoreModelDeploy.Cli.Configuration;

/// <summary>
/// The one reading of a host's text, wherever it is written (<c>--host</c>, <c>KORE_HOST</c>, a manifest's
/// environment), into the <see cref="Uri"/> that goes on to the client and the journal; and the one way a host is
/// shown, as the SDK shows it (scheme, host, port, path), so that credentials pasted into it never reach a message or
/// the journal. Whether the host may be used (https, no credentials) is the SDK's rule, checked when the client is built.
/// </summary>
internal static class HostSetting
{
    /// <summary>Reads <paramref name="text"/> as an absolute URL, surrounding white-space ignored.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Uri? host) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out host);

    /// <summary>Reads a host given in the environment.</summary>
    /// <exception cref="CliConfigurationException">The text is not an absolute URL.</exception>
    public static Uri Parse(string text) => TryParse(text, out var host) ? host : throw NotAUrl();

    /// <summary>The refusal of a host given on the command line or in the environment that is no URL.</summary>
    public static CliConfigurationException NotAUrl() =>
        // Not repeated: text that is no URL may be anything pasted there, credentials or a key included.
        new($"the host (--host or {Options.ServiceOptions.HostVariable}) is not an absolute URL such as https://agent-platform.kore.ai");

    public static string Display(Uri host) => HostDisplay.Of(host).TrimEnd('/');
}
