using System.Globalization;
using System.Text;
using KoreModelDeploy.Transport;

namespace KoreModelDeploy.Errors;

/// <summary>
/// Turns a failed exchange into a <see cref="KoreApiException"/>: decides its kind, status and whether the service may
/// have acted, and builds its message in one place. Bodies are read by <see cref="ErrorAnswerParser"/>; every text that
/// came from outside the package (bodies, headers, .NET's own error messages) is scrubbed of the API key, then cut.
/// </summary>
internal static class KoreApiExceptionFactory
{
    /// <summary>How much of a request id header is kept.</summary>
    internal const int MaxRequestIdCharacters = 128;

    /// <summary>How much of a redirect's target is kept.</summary>
    internal const int MaxLocationCharacters = 512;

    /// <summary>How much of a body the message quotes; <see cref="KoreApiException.ResponseBody"/> keeps more.</summary>
    private const int MaxQuotedBodyCharacters = 200;

    private static readonly string[] RequestIdHeaders = ["x-request-id", "x-correlation-id", "request-id", "x-amzn-requestid", "x-amz-cf-id", "cf-ray"];

    /// <summary>The service answered with an error status, or with a redirect, which the client never follows.</summary>
    /// <param name="response">The answer.</param>
    /// <param name="body">Its body, as read.</param>
    /// <param name="request">The call.</param>
    /// <param name="redactor">Scrubs the key from what the service sent.</param>
    /// <param name="attempts">Attempts made.</param>
    /// <param name="time">The clock a <c>Retry-After</c> date is read against.</param>
    /// <param name="retryAfterAtLeast">When the client itself may not call again sooner (the job's next poll slot).</param>
    public static KoreApiException FromErrorResponse(HttpResponseMessage response, byte[] body, in KoreRequest request, KeyRedactor redactor, int attempts, TimeProvider time, TimeSpan? retryAfterAtLeast = null)
    {
        var status = (int)response.StatusCode;
        var kind = Classify(status);
        var answer = ErrorAnswerParser.Parse(body, redactor);
        var isRedirect = status is >= 300 and <= 399;
        var location = isRedirect ? FindLocation(response, redactor) : null;

        // A 4xx is the service refusing the call; a 5xx may come after it acted, and so may a redirect (a 303 says it did).
        var mayHaveBeenProcessed = !request.IsIdempotent && (status >= 500 || isRedirect);
        var what = isRedirect
            ? FormattableString.Invariant($"answered {status}, a redirect to {location ?? "(no Location)"}, which the client does not follow: check that Host is the service's own address")
            : FormattableString.Invariant($"failed with {status} {Describe(kind, status)}");
        return Create(request, kind, status, what, answer, Later(RetryAfterParser.Parse(response.Headers.RetryAfter, time), retryAfterAtLeast), FindRequestId(response, redactor), attempts, mayHaveBeenProcessed, location, null);
    }

    /// <summary>A success status whose body (already scrubbed, as every success body is) cannot be used.</summary>
    public static KoreApiException InvalidResponse(HttpResponseMessage response, byte[]? redactedBody, in KoreRequest request, KeyRedactor redactor, int attempts, string problem, Exception? inner = null)
    {
        var status = (int)response.StatusCode;
        var answer = new ErrorAnswer(null, null, redactedBody is null ? null : ErrorAnswerParser.ReadText(redactedBody, redactor));

        // The problem may quote the body: a JSON reader's message names the path, property names included.
        var what = FormattableString.Invariant($"answered {status} but the response could not be read: {redactor.Redact(problem)}");
        return Create(request, KoreErrorKind.InvalidResponse, status, what, answer, null, FindRequestId(response, redactor), attempts, !request.IsIdempotent, null, Scrub(inner, redactor));
    }

    /// <summary>
    /// No usable answer: a timeout, a network failure, an answer too large to read, a request .NET refused to send.
    /// <paramref name="neverReachedService"/> says the request certainly never reached the service, so it cannot have been processed.
    /// </summary>
    public static KoreApiException NoResponse(in KoreRequest request, KoreErrorKind kind, Exception inner, KeyRedactor redactor, int attempts, TimeSpan? timeout, bool neverReachedService, TimeSpan? retryAfter = null)
    {
        var what = kind switch
        {
            KoreErrorKind.Timeout => timeout is { } t ? FormattableString.Invariant($"failed: no answer within {t.TotalSeconds:0.###} s") : "failed: no answer in time",
            KoreErrorKind.InvalidResponse => "failed: the response could not be read: " + redactor.Redact(inner.Message),
            _ => "failed: the connection failed: " + redactor.Redact(inner.Message),
        };
        var mayHaveBeenProcessed = !request.IsIdempotent && !neverReachedService;
        return Create(request, kind, 0, what, ErrorAnswer.None, retryAfter, null, attempts, mayHaveBeenProcessed, null, Scrub(inner, redactor));
    }

    /// <summary>
    /// A dock status read not sent at all: the job's next slot of the process's poll budget lies beyond the call's
    /// timeout. There is no answer to describe.
    /// </summary>
    public static KoreApiException PollBudgetSpent(in KoreRequest request, TimeSpan slot, TimeSpan timeout, bool shared = false)
    {
        var who = shared ? "the processes sharing this client's poll budget poll" : "this process polls";
        var what = FormattableString.Invariant(
            $"was not sent: {who} a dock job at most once a second and {Polling.PollBudget.HourlyLimit} times an hour, and the next poll of this job is allowed in {slot.TotalSeconds:0.###} s, beyond the call's timeout of {timeout.TotalSeconds:0.###} s");
        return Create(request, KoreErrorKind.Timeout, 0, what, ErrorAnswer.None, slot, null, 0, false, null, null);
    }

    /// <summary>
    /// A handler of the caller's followed a redirect to another origin than the configured host: whatever came from
    /// there (an answer or a failure) is refused.
    /// </summary>
    public static KoreApiException OtherOrigin(in KoreRequest request, Uri reached, KeyRedactor redactor, int attempts, Exception? inner)
    {
        var location = FormatLocation(reached.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped), redactor);
        var what = "was redirected to another origin, " + location + ", by the HttpClient's handler; the client refuses what came from there. "
            + "The x-api-key header went there too: turn off AllowAutoRedirect in that handler";
        return Create(request, KoreErrorKind.Other, 0, what, ErrorAnswer.None, null, null, attempts, !request.IsIdempotent, location, Scrub(inner, redactor));
    }

    private static TimeSpan? Later(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    internal static KoreErrorKind Classify(int status) => status switch
    {
        400 => KoreErrorKind.BadRequest,
        401 or 403 => KoreErrorKind.Authentication,
        404 => KoreErrorKind.NotFound,
        429 => KoreErrorKind.RateLimited,
        >= 500 and <= 599 => KoreErrorKind.ServerError,
        _ => KoreErrorKind.Other,
    };

    /// <summary>The one message builder: what happened, what the service said, then what the caller needs to decide.</summary>
    private static KoreApiException Create(
        in KoreRequest request,
        KoreErrorKind kind,
        int status,
        string what,
        in ErrorAnswer answer,
        TimeSpan? retryAfter,
        string? requestId,
        int attempts,
        bool mayHaveBeenProcessed,
        string? redirectLocation,
        Exception? inner)
    {
        var message = new StringBuilder()
            .Append(request.Method.Method).Append(' ').Append(request.PathAndQuery).Append(' ').Append(what);

        // .NET's own messages, quoted at the end of some, already end their sentence.
        if (what.Length == 0 || what[what.Length - 1] != '.')
        {
            message.Append('.');
        }
        if (answer.ServiceMessage is { } serviceMessage)
        {
            message.Append(" Service message: ").Append(serviceMessage);
            if (answer.Code is { } code)
            {
                message.Append(" (code ").Append(code).Append(')');
            }

            message.Append('.');
        }
        else if (answer.Body is { } body)
        {
            message.Append(" Response body: ").Append(TextCutter.Cut(body, MaxQuotedBodyCharacters));
        }

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

        return new KoreApiException(message.ToString(), kind, status, inner)
        {
            Method = request.Method.Method,
            Path = request.PathAndQuery,
            ErrorCode = answer.Code,
            ServiceMessage = answer.ServiceMessage,
            ResponseBody = answer.Body,
            RequestId = requestId,
            RetryAfter = retryAfter,
            RedirectLocation = redirectLocation,
            Attempts = attempts,
            RequestMayHaveBeenProcessed = mayHaveBeenProcessed,
        };
    }

    private static string Describe(KoreErrorKind kind, int status) => kind switch
    {
        KoreErrorKind.BadRequest => "(the service rejected the request)",
        KoreErrorKind.Authentication => status == 401 ? "(the API key is missing or not valid)" : "(the API key is not allowed to do this)",
        KoreErrorKind.NotFound => "(not found)",
        KoreErrorKind.RateLimited => "(rate limited)",
        KoreErrorKind.ServerError => "(server error)",
        _ => "(unexpected status)",
    };

    private static Exception? Scrub(Exception? inner, KeyRedactor redactor) => inner is null ? null : ExceptionScrubber.Scrub(inner, redactor);

    private static string? FindRequestId(HttpResponseMessage response, KeyRedactor redactor)
    {
        foreach (var name in RequestIdHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                foreach (var value in values)
                {
                    return redactor.RedactAndCut(value, MaxRequestIdCharacters);
                }
            }
        }

        return null;
    }

    // The header as sent, not as parsed: a Location .NET cannot parse is still worth showing, scrubbed.
    private static string? FindLocation(HttpResponseMessage response, KeyRedactor redactor)
    {
        if (response.Headers.TryGetValues("Location", out var values))
        {
            foreach (var value in values)
            {
                return FormatLocation(value, redactor);
            }
        }

        return null;
    }

    private static string FormatLocation(string location, KeyRedactor redactor) => redactor.RedactAndCut(location, MaxLocationCharacters);
}
