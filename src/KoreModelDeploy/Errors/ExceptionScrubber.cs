#if NET
using System.Runtime.ExceptionServices;
#else
using KoreModelDeploy.Transport;
#endif

namespace KoreModelDeploy.Errors;

/// <summary>
/// Keeps the API key out of exceptions that came from outside the package. .NET quotes what a server sent in its own
/// error messages (<c>Received an invalid header line: '…'</c>), so a server that echoes the key puts it there. An
/// exception whose message, or an inner exception's, holds the key is replaced by a copy with the key scrubbed: the same
/// type for the ones callers inspect (<see cref="HttpRequestException"/>, keeping its error and status code,
/// <c>HttpIOException</c> and <see cref="IOException"/>), a <see cref="RedactedException"/> naming the original type
/// for any other. Exceptions without the key are kept as they are.
/// </summary>
/// <remarks>
/// Retry decisions are taken on the original exception; only what is kept (an inner exception, a log entry) is scrubbed.
/// </remarks>
internal static class ExceptionScrubber
{
    public static Exception Scrub(Exception exception, KeyRedactor redactor) =>
        HoldsKey(exception, redactor) ? Copy(exception, redactor) : exception;

    private static bool HoldsKey(Exception exception, KeyRedactor redactor)
    {
        if (redactor.AppearsIn(exception.Message))
        {
            return true;
        }

        if (exception is AggregateException aggregate)
        {
            foreach (var inner in aggregate.InnerExceptions)
            {
                if (HoldsKey(inner, redactor))
                {
                    return true;
                }
            }

            return false;
        }

        return exception.InnerException is { } next && HoldsKey(next, redactor);
    }

    private static Exception Copy(Exception exception, KeyRedactor redactor)
    {
        var inner = exception.InnerException is { } original ? Scrub(original, redactor) : null;
        var message = redactor.Redact(exception.Message)!;
        Exception copy = exception switch
        {
#if NET
            HttpRequestException http => new HttpRequestException(http.HttpRequestError, message, inner, http.StatusCode),
            HttpIOException io => new HttpIOException(io.HttpRequestError, message, inner),
#else
            HttpRequestException or IOException when NewerRuntimeHttp.CopyWithError(exception, message, inner) is { } withError => withError,
            HttpRequestException => new HttpRequestException(message, inner),
#endif
            IOException => new IOException(message, inner),
            _ => new RedactedException(exception.GetType().FullName ?? exception.GetType().Name, message, inner),
        };

#if NET
        // The copy was never thrown; the original's stack trace (method names, never data) says where it came from.
        if (exception.StackTrace is { } trace)
        {
            ExceptionDispatchInfo.SetRemoteStackTrace(copy, trace);
        }
#else
        if (exception.StackTrace is { } trace)
        {
            NewerRuntimeHttp.SetRemoteStackTrace(copy, trace);
        }
#endif
        return copy;
    }
}
