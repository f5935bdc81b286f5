namespace KoreModelDeploy;

/// <summary>
/// A call to the Kore API failed: the service answered with an error, answered with something unreadable,
/// or could not be reached. Carries everything known about the failure, never the API key.
/// </summary>
public class KoreApiException : Exception
{
    /// <summary>Creates the exception. Intended for tests of code that handles it; the client creates it for you.</summary>
    /// <param name="message">The message.</param>
    /// <param name="kind">The kind of failure.</param>
    /// <param name="status">The HTTP status code; 0 when no answer arrived.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public KoreApiException(string message, KoreErrorKind kind, int status = 0, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Status = status;
    }

    /// <summary>What kind of failure this is.</summary>
    public KoreErrorKind Kind { get; }

    /// <summary>The HTTP status code the service answered with; 0 when no answer arrived (timeouts, network errors).</summary>
    public int Status { get; }

    /// <summary>The HTTP method of the failed call.</summary>
    public string? Method { get; init; }

    /// <summary>The path and query of the failed call, for example <c>/api/public/dock-status/ds-…</c>. Never the host's credentials or the API key.</summary>
    public string? Path { get; init; }

    /// <summary>The vendor's error code from an <c>{"errors":[{"msg":…,"code":…}]}</c> body, as text.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The vendor's error message from the body (all messages, joined by "; "), when the body had any.</summary>
    public string? ServiceMessage { get; init; }

    /// <summary>The response body as text, truncated to a few kilobytes, when it was not a readable error document (for example a gateway's HTML page).</summary>
    public string? ResponseBody { get; init; }

    /// <summary>The request id the service or a gateway returned in a header (<c>x-request-id</c>, <c>x-correlation-id</c> and similar), for support requests.</summary>
    public string? RequestId { get; init; }

    /// <summary>How long the service asked the caller to wait (<c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Where a redirect pointed, with the API key scrubbed: the <c>Location</c> of a 3xx answer, which the client never
    /// follows, or the other origin that a handler of the caller's followed a redirect to (<see cref="Status"/> is then
    /// 0: what came from there is refused). <see langword="null"/> for every other failure.
    /// </summary>
    public string? RedirectLocation { get; init; }

    /// <summary>How many attempts were made before giving up (1 when the call was not retried).</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>
    /// Whether a deploy or undeploy call may have started a job although it failed: its request went out and the
    /// answer was a 5xx, unreadable, or never came. Making the call again could start a second job, so check the
    /// model's state (or the service's console) first. Always <see langword="false"/> for Get Dock Status.
    /// </summary>
    public bool RequestMayHaveBeenProcessed { get; init; }

    /// <summary>
    /// Whether making the same call again later is safe and may succeed: timeouts, network errors, success answers with
    /// an unreadable body, and the statuses the client itself retries (408, 429, 500, 502, 503, 504), unless
    /// <see cref="RequestMayHaveBeenProcessed"/>. Never for a redirect (<see cref="RedirectLocation"/> set): calling
    /// again would only be sent to the same place.
    /// </summary>
    public bool IsTransient => !RequestMayHaveBeenProcessed
        && RedirectLocation is null
        && (Kind is KoreErrorKind.Timeout or KoreErrorKind.Network or KoreErrorKind.InvalidResponse
            || Transport.TransientFailure.IsTransientStatus(Status));
}
