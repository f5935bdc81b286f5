using System.Net;

namespace KoreModelDeploy.Transport;

/// <summary>
/// The settings every HTTP handler the package creates or configures gets: redirects are never followed (.NET strips
/// only <c>Authorization</c> on a redirect, so <c>x-api-key</c> would go wherever a redirect points), and loopback
/// hosts bypass any proxy (<see cref="LoopbackBypassProxy"/>).
/// </summary>
internal static class KoreHttpHandlers
{
    /// <summary>The handler shared by every client built from options alone.</summary>
    /// <param name="proxy">Decides the proxy per request; <see cref="LoopbackBypassProxy.Platform"/> in production.</param>
#if NET
    public static SocketsHttpHandler CreateShared(IWebProxy proxy) =>
        // Pooled connections are recycled every two minutes, so DNS changes are picked up.
        new() { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false, UseProxy = true, Proxy = proxy };
#else
    public static HttpClientHandler CreateShared(IWebProxy proxy) =>
        new() { AllowAutoRedirect = false, UseProxy = true, Proxy = proxy };
#endif

    /// <summary>
    /// Configures the primary handler <c>IHttpClientFactory</c> built for a client: redirects off, and the proxy decided
    /// per request unless proxying was turned off. Handlers of other types are left alone: their owner configures them,
    /// and the client still refuses answers from another origin.
    /// </summary>
    public static void ConfigurePrimary(HttpMessageHandler handler)
    {
        switch (handler)
        {
            case HttpClientHandler client:
                client.AllowAutoRedirect = false;
                if (client.UseProxy && client.Proxy is null)
                {
                    client.Proxy = LoopbackBypassProxy.Platform;
                }

                break;
#if NET
            case SocketsHttpHandler sockets:
                sockets.AllowAutoRedirect = false;
                if (sockets.UseProxy && sockets.Proxy is null)
                {
                    sockets.Proxy = LoopbackBypassProxy.Platform;
                }

                break;
#else
            default:
                // On .NET 8 or 9 the factory's default primary handler is a SocketsHttpHandler, which this build cannot
                // name but must configure all the same.
                NewerRuntimeHttp.TryConfigureSocketsHandler(handler, LoopbackBypassProxy.Platform);
                break;
#endif
        }
    }
}
