using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KoreModelDeploy.Serialization;
using KoreModelDeploy.Transport;

namespace KoreModelDeploy.Errors;

/// <summary>
/// Turns a failed exchange into a <see cref="KoreApiException"/>. The API key is scrubbed from every piece of
/// text taken from the answer, because some services echo the request back in their errors.
/// </summary>
internal static class KoreApiExceptionFactory
{
    internal const int MaxBodyCharacters = 4096;

    private static readonly string[] RequestIdHeaders = ["x-request-id", "x-correlation-id", "request-id", "x-amzn-requestid", "x-amz-cf-id", "cf-ray"];

    public static KoreApiException FromErrorResponse(HttpResponseMessage response, byte[] body, in KoreRequest request, KeyRedactor redactor, int attempts, TimeProvider time)
    {
        var status = (int)response.StatusCode;
        var kind = Classify(status);
        var (code, serviceMessage) = TryReadErrorDocument(body);
        serviceMessage = redactor.Redact(serviceMessage);
        code = redactor.Redact(code);
        var rawBody = serviceMessage is null ? Truncate(redactor.Redact(Encoding.UTF8.GetString(body))!) : null;
        var retryAfter = RetryAfterParser.Parse(response.Headers.RetryAfter, time);
        var requestId = redactor.Redact(FindRequestId(response));

        // A 4xx is the service refusing the call; a 5xx may come after it acted.
        var mayHaveBeenProcessed = !request.IsIdempotent && status >= 500;

        var message = new StringBuilder()
            .Append(request.Method.Method).Append(' ').Append(request.PathAndQuery)
            .Append(" failed with ").Append(status).Append(' ').Append(Describe(kind, status)).Append('.');
        if (serviceMessage is not null)
        {
            message.Append(" Service message: ").Append(serviceMessage);
            if (code is not null)
            {
                message.Append(" (code ").Append(code).Append(')');
            }

            message.Append('.');
        }
        else if (!string.IsNullOrWhiteSpace(rawBody))
        {
            message.Append(" Response body: ").Append(Shorten(rawBody!, 200));
        }

        AppendCommonTail(message, retryAfter, requestId, attempts, mayHaveBeenProcessed);

        return new KoreApiException(message.ToString(), kind, status)
        {
            Method = request.Method.Method,
            Path = request.PathAndQuery,
            ErrorCode = code,
            ServiceMessage = serviceMessage,
            ResponseBody = rawBody,
            RequestId = requestId,
            RetryAfter = retryAfter,
            Attempts = attempts,
            RequestMayHaveBeenProcessed = mayHaveBeenProcessed,
        };
    }

    // The body was read as a success answer, so the transport has already redacted it.
    public static KoreApiException InvalidResponse(HttpResponseMessage response, byte[]? redactedBody, in KoreRequest request, KeyRedactor redactor, int attempts, string problem, Exception? inner = null)
    {
        var status = (int)response.StatusCode;
        var rawBody = redactedBody is null ? null : Truncate(Encoding.UTF8.GetString(redactedBody));
        var requestId = redactor.Redact(FindRequestId(response));
        var message = new StringBuilder()
            .Append(request.Method.Method).Append(' ').Append(request.PathAndQuery)
            .Append(" answered ").Append(status).Append(" but the response could not be read: ").Append(problem).Append('.');
        if (!string.IsNullOrWhiteSpace(rawBody))
        {
            message.Append(" Response body: ").Append(Shorten(rawBody!, 200));
        }

        AppendCommonTail(message, null, requestId, attempts, !request.IsIdempotent);

        return new KoreApiException(message.ToString(), KoreErrorKind.InvalidResponse, status, inner)
        {
            Method = request.Method.Method,
            Path = request.PathAndQuery,
            ResponseBody = rawBody,
            RequestId = requestId,
            Attempts = attempts,
            RequestMayHaveBeenProcessed = !request.IsIdempotent,
        };
    }

    public static KoreApiException NoResponse(in KoreRequest request, KoreErrorKind kind, Exception inner, int attempts, TimeSpan? timeout)
    {
        var what = kind switch
        {
            KoreErrorKind.Timeout => timeout is { } t ? FormattableString.Invariant($"no answer within {t.TotalSeconds:0.###} s") : "no answer in time",
            KoreErrorKind.InvalidResponse => "the response could not be read: " + inner.Message,
            _ => "the connection failed: " + inner.Message,
        };
        var mayHaveBeenProcessed = !request.IsIdempotent && !TransientFailure.IsConnectionNotEstablished(inner);
        var message = new StringBuilder()
            .Append(request.Method.Method).Append(' ').Append(request.PathAndQuery).Append(" failed: ").Append(what).Append('.');
        AppendCommonTail(message, null, null, attempts, mayHaveBeenProcessed);
        return new KoreApiException(message.ToString(), kind, 0, inner)
        {
            Method = request.Method.Method,
            Path = request.PathAndQuery,
            Attempts = attempts,
            RequestMayHaveBeenProcessed = mayHaveBeenProcessed,
        };
    }

    internal static KoreErrorKind Classify(int status) => status switch
    {
        400 => KoreErrorKind.BadRequest,
        401 or 403 => KoreErrorKind.Authentication,
        404 => KoreErrorKind.NotFound,
        429 => KoreErrorKind.RateLimited,
        >= 500 and <= 599 => KoreErrorKind.ServerError,
        _ => KoreErrorKind.Other,
    };

    private static string Describe(KoreErrorKind kind, int status) => kind switch
    {
        KoreErrorKind.BadRequest => "(the service rejected the request)",
        KoreErrorKind.Authentication => status == 401 ? "(the API key is missing or not valid)" : "(the API key is not allowed to do this)",
        KoreErrorKind.NotFound => "(not found)",
        KoreErrorKind.RateLimited => "(rate limited)",
        KoreErrorKind.ServerError => "(server error)",
        _ => "(unexpected status)",
    };

    private static void AppendCommonTail(StringBuilder message, TimeSpan? retryAfter, string? requestId, int attempts, bool mayHaveBeenProcessed)
    {
        if (mayHaveBeenProcessed)
        {
            message.Append(" The service may have acted on it: calling again could start a second job.");
        }

        if (retryAfter is { } delay)
        {
            message.Append(" Retry after ").Append(delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)).Append(" s.");
        }

        if (requestId is not null)
        {
            message.Append(" Request id: ").Append(requestId).Append('.');
        }

        if (attempts > 1)
        {
            message.Append(" Attempts: ").Append(attempts).Append('.');
        }
    }

    private static (string? Code, string? Message) TryReadErrorDocument(byte[] body)
    {
        if (body.Length == 0 || !LooksLikeJson(body))
        {
            return (null, null);
        }

        try
        {
            var envelope = JsonSerializer.Deserialize(body, KoreJsonContext.Default.ErrorEnvelope);
            if (envelope?.Errors is { Count: > 0 } errors)
            {
                var messages = new List<string>(errors.Count);
                string? code = null;
                foreach (var entry in errors)
                {
                    if (entry is null)
                    {
                        continue;
                    }

                    if (AsText(entry.Msg) is { Length: > 0 } msg)
                    {
                        messages.Add(msg);
                    }

                    code ??= AsText(entry.Code);
                }

                return (code, messages.Count > 0 ? string.Join("; ", messages) : null);
            }

            return (null, envelope is null ? null : AsText(envelope.Message));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string holding bytes that are not UTF-8, which only fails when decoded.
            return (null, null);
        }
    }

    private static bool LooksLikeJson(byte[] body)
    {
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return b == (byte)'{';
        }

        return false;
    }

    private static string? AsText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => null,
    };

    private static string? FindRequestId(HttpResponseMessage response)
    {
        foreach (var name in RequestIdHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                foreach (var value in values)
                {
                    return Shorten(value, 128);
                }
            }
        }

        return null;
    }

    // Callers redact before cutting: a key that straddles the cut would otherwise survive as a prefix. Bodies are
    // already capped by ResponseBodyReader, so decoding all of one is bounded.
    private static string Truncate(string text) => text.Length > MaxBodyCharacters ? text.Substring(0, MaxBodyCharacters) + "…" : text;

    private static string Shorten(string text, int max) => text.Length <= max ? text : text.Substring(0, max) + "…";
}
