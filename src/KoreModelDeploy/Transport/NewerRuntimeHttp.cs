#if !NET
using System.Net;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace KoreModelDeploy.Transport;

/// <summary>
/// What the netstandard2.0 build needs from a newer .NET than it was compiled for. An application on .NET 8 or 9 gets
/// this build and runs it over <c>SocketsHttpHandler</c>, whose settings and error details (<c>HttpRequestError</c>,
/// .NET 7+) the build cannot name; without them it would leave the factory's handler following redirects and proxying
/// loopback, and take a refused TLS handshake for a request that may have been processed. Each member is reached by
/// reflection and does nothing where the runtime lacks it (.NET Framework), where the <c>HttpWebRequest</c> stack's
/// own error shapes apply.
/// </summary>
internal static class NewerRuntimeHttp
{
    private const BindingFlags PublicInstance = BindingFlags.Public | BindingFlags.Instance;

    private static readonly Type? SocketsHandlerType = typeof(HttpClientHandler).Assembly.GetType("System.Net.Http.SocketsHttpHandler");
    private static readonly Type? HttpIOExceptionType = typeof(HttpClientHandler).Assembly.GetType("System.Net.Http.HttpIOException");
    private static readonly PropertyInfo? RequestErrorProperty = typeof(HttpRequestException).GetProperty("HttpRequestError", PublicInstance);

    private static readonly MethodInfo? SetRemoteStackTraceMethod = typeof(ExceptionDispatchInfo).GetMethod(
        "SetRemoteStackTrace", BindingFlags.Public | BindingFlags.Static, null, [typeof(Exception), typeof(string)], null);

    /// <summary>
    /// Turns redirects off and sets the per-request proxy on a <c>SocketsHttpHandler</c>, through the properties it shares
    /// with <see cref="HttpClientHandler"/>. False if the handler is of another type.
    /// </summary>
    public static bool TryConfigureSocketsHandler(HttpMessageHandler handler, IWebProxy proxy)
    {
        var type = handler.GetType();
        if (SocketsHandlerType is null || type != SocketsHandlerType)
        {
            return false;
        }

        type.GetProperty(nameof(HttpClientHandler.AllowAutoRedirect), PublicInstance)!.SetValue(handler, false);
        var useProxy = (bool)type.GetProperty(nameof(HttpClientHandler.UseProxy), PublicInstance)!.GetValue(handler)!;
        var proxyProperty = type.GetProperty(nameof(HttpClientHandler.Proxy), PublicInstance)!;
        if (useProxy && proxyProperty.GetValue(handler) is null)
        {
            proxyProperty.SetValue(handler, proxy);
        }

        return true;
    }

    /// <summary>The name of an <see cref="HttpRequestException"/>'s <c>HttpRequestError</c>; null where the runtime has none.</summary>
    public static string? RequestError(HttpRequestException exception) =>
        RequestErrorProperty?.GetValue(exception)?.ToString();

    /// <summary>
    /// A copy of an <see cref="HttpRequestException"/> or <c>HttpIOException</c> with another message and inner
    /// exception, keeping its <c>HttpRequestError</c> and status code; null where the runtime cannot make one.
    /// </summary>
    public static Exception? CopyWithError(Exception original, string message, Exception? inner)
    {
        var type = original.GetType();
        if (RequestErrorProperty is null || (type != typeof(HttpRequestException) && type != HttpIOExceptionType))
        {
            return null;
        }

        var errorProperty = type.GetProperty("HttpRequestError", PublicInstance);
        var statusProperty = type.GetProperty("StatusCode", PublicInstance);
        if (errorProperty is null)
        {
            return null;
        }

        // HttpRequestException(HttpRequestError, string?, Exception?, HttpStatusCode?) and HttpIOException(HttpRequestError, string?, Exception?).
        foreach (var constructor in type.GetConstructors())
        {
            var parameters = constructor.GetParameters();
            if (parameters.Length < 3 || parameters[0].ParameterType != errorProperty.PropertyType
                || parameters[1].ParameterType != typeof(string) || parameters[2].ParameterType != typeof(Exception))
            {
                continue;
            }

            if (parameters.Length == 3 && statusProperty is null)
            {
                return (Exception)constructor.Invoke([errorProperty.GetValue(original), message, inner]);
            }

            if (parameters.Length == 4 && statusProperty is not null && parameters[3].ParameterType == statusProperty.PropertyType)
            {
                return (Exception)constructor.Invoke([errorProperty.GetValue(original), message, inner, statusProperty.GetValue(original)]);
            }
        }

        return null;
    }

    /// <summary>Gives a copy that was never thrown the original's stack trace, where the runtime can (.NET 5+).</summary>
    public static void SetRemoteStackTrace(Exception copy, string stackTrace) =>
        SetRemoteStackTraceMethod?.Invoke(null, [copy, stackTrace]);
}
#endif
