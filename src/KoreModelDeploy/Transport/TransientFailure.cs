using System.Net.Sockets;
using System.Security.Authentication;
using Polly.Timeout;

namespace KoreModelDeploy.Transport;

/// <summary>
/// Decides which failures may be retried, and which certainly never reached the service. The retry rule differs by
/// method because deploy and undeploy are not idempotent: a POST is repeated only when the service certainly did not act on it.
/// </summary>
internal static class TransientFailure
{
    public static bool IsTransientStatus(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>Whether a GET may be repeated after this exception.</summary>
    public static bool IsRetryableForSafeCall(Exception exception) => exception switch
    {
        ResponseTooLargeException => false,
        TimeoutRejectedException => true,
        HttpRequestException => true,
        IOException => true,
        _ => false,
    };

    /// <summary>
    /// Whether the connection was never established (no name, refused, unreachable, TLS handshake failed, proxy tunnel
    /// refused), so the request was never sent. Only meaningful on the configured host's first hop
    /// (<see cref="AttemptPath.FirstHop"/>): after a redirect, the request already reached the host that redirected it.
    /// </summary>
    public static bool IsConnectionNotEstablished(Exception exception)
    {
#if NET
        if (exception is HttpRequestException
            {
                HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                    or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
            })
        {
            return true;
        }
#else
        if (exception is HttpRequestException http
            && NewerRuntimeHttp.RequestError(http) is "ConnectionError" or "NameResolutionError" or "SecureConnectionError" or "ProxyTunnelError")
        {
            return true;
        }
#endif
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain }
                // The TLS handshake comes before any byte of the request.
                or AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether .NET refused to send the request at all: it raises an <see cref="HttpRequestException"/> with no inner
    /// exception when a header value holds a character outside ASCII, before a byte of the request is written. The
    /// request in hand is checked, so the rule never rests on the wording of .NET's message.
    /// </summary>
    public static bool IsRefusedBeforeSending(Exception exception, HttpRequestMessage request)
    {
#if NET
        if (exception is not HttpRequestException { InnerException: null, HttpRequestError: HttpRequestError.Unknown })
#else
        if (exception is not HttpRequestException { InnerException: null })
#endif
        {
            return false;
        }

        return HasNonAsciiValue(request.Headers) || (request.Content is { } content && HasNonAsciiValue(content.Headers));
    }

    private static bool HasNonAsciiValue(System.Net.Http.Headers.HttpHeaders headers)
    {
#if NET
        foreach (var header in headers.NonValidated)
#else
        foreach (var header in headers)
#endif
        {
            foreach (var value in header.Value)
            {
                foreach (var c in value)
                {
                    if (c > '\u007F')
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
