using System.Net;

namespace KoreModelDeploy.Transport;

/// <summary>
/// The proxy of every handler the package creates: a loopback destination (a local emulator or test server, reached
/// over plain http) never goes through a proxy, so its traffic and the key in it stay on the machine; every other
/// destination uses the platform's proxy settings (<c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>, <c>NO_PROXY</c>, or the
/// system's), which users behind a corporate proxy need. The decision is made per request, because one shared handler
/// serves every host.
/// </summary>
internal sealed class LoopbackBypassProxy : IWebProxy
{
    private readonly Func<IWebProxy?> _platformProxy;

    /// <param name="platformProxy">
    /// The platform's proxy, read on every request so that a change the application makes to it still applies.
    /// </param>
    public LoopbackBypassProxy(Func<IWebProxy?> platformProxy)
    {
        _platformProxy = platformProxy;
    }

    /// <summary>The proxy that defers to the platform's default proxy.</summary>
    public static LoopbackBypassProxy Platform { get; } = new(PlatformDefault);

    public ICredentials? Credentials
    {
        get => _platformProxy()?.Credentials;
        set
        {
            if (_platformProxy() is { } proxy)
            {
                proxy.Credentials = value;
            }
        }
    }

    public Uri? GetProxy(Uri destination) => destination.IsLoopback ? null : _platformProxy()?.GetProxy(destination);

    public bool IsBypassed(Uri host) => host.IsLoopback || _platformProxy() is not { } proxy || proxy.IsBypassed(host);

    private static IWebProxy? PlatformDefault() =>
#if NET
        HttpClient.DefaultProxy;
#else
        WebRequest.DefaultWebProxy;
#endif
}
