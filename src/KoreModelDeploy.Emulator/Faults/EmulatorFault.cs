using System.Globalization;
using KoreModelDeploy.Emulator.Faults;

namespace KoreModelDeploy.Emulator;

/// <summary>
/// A one-shot misbehaviour applied to a request before it is authenticated or processed, the way a
/// gateway or an overloaded service in front of the vendor's API would misbehave.
/// Queue it with <see cref="EmulatorFaults.Enqueue(EmulatorFault, EmulatorEndpoint, int)"/>.
/// </summary>
public sealed class EmulatorFault
{
    private EmulatorFault(FaultKind kind, int statusCode, TimeSpan duration)
    {
        Kind = kind;
        StatusCode = statusCode;
        Duration = duration;
    }

    internal FaultKind Kind { get; }

    internal int StatusCode { get; }

    internal TimeSpan Duration { get; }

    /// <summary>
    /// Answers 429 with a <c>Retry-After</c> header (whole seconds, rounded up) and the vendor's rate-limit error body.
    /// </summary>
    /// <param name="retryAfter">The wait the answer asks for; zero or more.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault RateLimited(TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        return new(FaultKind.RateLimited, 429, retryAfter);
    }

    /// <summary>Answers with a 5xx status and the JSON error envelope <c>{"errors":[{"msg":"…","code":…}]}</c>.</summary>
    /// <param name="statusCode">A status from 500 to 599, for example 500, 502, 503 or 504.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault ServerError(int statusCode = 500)
    {
        ThrowIfNotServerError(statusCode);
        return new(FaultKind.JsonServerError, statusCode, TimeSpan.Zero);
    }

    /// <summary>
    /// Answers with a 5xx status and an HTML page (<c>text/html</c>) such as
    /// <c>&lt;html&gt;&lt;body&gt;&lt;h1&gt;502 Bad Gateway&lt;/h1&gt;&lt;/body&gt;&lt;/html&gt;</c>, as a load balancer would.
    /// </summary>
    /// <param name="statusCode">A status from 500 to 599; 502 by default.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault GatewayHtml(int statusCode = 502)
    {
        ThrowIfNotServerError(statusCode);
        return new(FaultKind.HtmlGatewayError, statusCode, TimeSpan.Zero);
    }

    /// <summary>
    /// Waits before handling the request normally. The wait runs on the emulator's
    /// <see cref="KoreEmulatorOptions.TimeProvider"/>: real time with the system clock, or until the test
    /// advances a fake clock. A client that gives up first simply sees its own timeout.
    /// </summary>
    /// <param name="delay">The wait; zero or more.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault SlowResponse(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new(FaultKind.SlowResponse, 0, delay);
    }

    /// <summary>Aborts the connection without an answer; the client sees a transport error.</summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault AbortConnection() => new(FaultKind.AbortConnection, 0, TimeSpan.Zero);

    /// <summary>
    /// Answers 200 with <c>application/json</c> whose body stops mid-document. The request itself is not
    /// processed (no job is started), so a client that retries does not create duplicates.
    /// </summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault TruncatedJson() => new(FaultKind.TruncatedJson, 200, TimeSpan.Zero);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        FaultKind.RateLimited or FaultKind.SlowResponse =>
            string.Create(CultureInfo.InvariantCulture, $"{Kind} ({Duration.TotalSeconds} s)"),
        FaultKind.JsonServerError or FaultKind.HtmlGatewayError =>
            string.Create(CultureInfo.InvariantCulture, $"{Kind} ({StatusCode})"),
        _ => Kind.ToString(),
    };

    private static void ThrowIfNotServerError(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 500);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
    }
}
