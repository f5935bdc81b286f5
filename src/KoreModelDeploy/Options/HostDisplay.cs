namespace KoreModelDeploy;

/// <summary>
/// The one way the package shows a configured <see cref="KoreModelDeployOptions.Host"/> in text: scheme, host, port and
/// path only. User-info, a query and a fragment may hold credentials, so they never reach a message, a log or a
/// <c>ToString()</c>.
/// </summary>
internal static class HostDisplay
{
    public static string Of(Uri? host) =>
        host is null ? "(not set)"
        : !host.IsAbsoluteUri ? "(not an absolute URL)"
        : host.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}
