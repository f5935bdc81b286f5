namespace KoreModelDeploy.Cli.Configuration;

/// <summary>
/// A host given on the command line or in the environment: read one way, and shown only as the SDK shows a host
/// (scheme, host, port, path), so that credentials pasted into it never reach a message or the journal.
/// </summary>
internal static class HostSetting
{
    public static Uri Parse(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var host)
            ? host

            // Not repeated: text that is no URL may be anything pasted there, credentials or a key included.
            : throw new CliConfigurationException($"the host (--host or {Options.ServiceOptions.HostVariable}) is not an absolute URL such as https://agent-platform.kore.ai");

    public static string Display(Uri host) => HostDisplay.Of(host).TrimEnd('/');
}
