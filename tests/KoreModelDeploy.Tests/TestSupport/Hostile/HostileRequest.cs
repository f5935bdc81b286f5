namespace KoreModelDeploy.Tests.TestSupport.Hostile;

/// <summary>A request <see cref="HostileServer"/> read: the request line, headers and body as they arrived.</summary>
/// <param name="Method">The method, for example <c>POST</c> or <c>CONNECT</c>.</param>
/// <param name="Target">
/// The request target as sent: a path for a server, an absolute URL (<c>http://host/path</c>) or <c>host:port</c>
/// (<c>CONNECT</c>) for a proxy.
/// </param>
/// <param name="Headers">The headers, by case-insensitive name.</param>
/// <param name="Body">The body bytes.</param>
public sealed record HostileRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Which of the vendor's endpoints the target names.</summary>
    public string Endpoint =>
        Target.Contains("/undeploy", StringComparison.Ordinal) ? "undeploy"
        : Target.Contains("/deploy", StringComparison.Ordinal) ? "deploy"
        : Target.Contains("/dock-status/", StringComparison.Ordinal) ? "status"
        : "other";
}
