using System.Net.Sockets;
using Polly.Timeout;

namespace KoreModelDeploy.Transport;

/// <summary>
/// Decides which failures may be retried. The rule differs by method because deploy and undeploy are not idempotent:
/// a POST is repeated only when the service certainly did not act on it.
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
    /// Whether the request certainly never reached the service: the connection was not established. A POST may be
    /// repeated only then (or after a 429, which the service sends instead of acting).
    /// </summary>
    public static bool IsConnectionNotEstablished(Exception exception)
    {
#if NET
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
        {
            return true;
        }
#endif
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain })
            {
                return true;
            }
        }

        return false;
    }
}
