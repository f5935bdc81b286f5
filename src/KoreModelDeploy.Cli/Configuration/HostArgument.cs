namespace KoreModelDeploy.Cli.Configuration;

/// <summary>
/// A host given on the command line (<c>--host</c>), read once when the command line is read: its URL, or
/// <see langword="null"/> when the text is none. An unreadable host is reported when a command needs the host, with
/// whatever else stops it, as a configuration problem rather than a usage error.
/// </summary>
/// <param name="Url">The host, or <see langword="null"/> when the text is not an absolute URL.</param>
internal sealed record HostArgument(Uri? Url)
{
    /// <summary>Reads <c>--host</c>; <see langword="null"/> when it was not given.</summary>
    public static HostArgument? Read(string? text) =>
        text is null ? null : new HostArgument(HostSetting.TryParse(text, out var url) ? url : null);

    /// <summary>The host.</summary>
    /// <exception cref="CliConfigurationException">The text given is not an absolute URL.</exception>
    public Uri Require() => Url ?? throw HostSetting.NotAUrl();
}
