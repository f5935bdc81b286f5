namespace KoreModelDeploy.Tests.Reliability.FaultMatrix;

/// <summary>One way the service, a gateway or the network can misbehave.</summary>
internal enum Fault
{
    RateLimited,
    RateLimitedRetryAfterSeconds,
    RateLimitedRetryAfterDate,
    ServerError500,
    BadGatewayHtml502,
    Unavailable503,
    GatewayTimeout504,
    AttemptTimeout,
    ConnectionRefused,
    ResetMidResponse,
    TruncatedJson,
    EmptyBody,
    HtmlBody200,
    TenMegabyteBody,
    UnknownFields,
    UnknownStatus,
    NullEverywhere,
    MissingId,
    JobFailed,

    // Redirects to another host: these cells run over a real loopback server, since a handler-level fake cannot show
    // whether the client's handler would follow them.
    Redirect301,
    Redirect302,
    Redirect303,
    Redirect307,
    Redirect308,
}

/// <summary>How a fault fails a call, which decides how the documented rules treat it.</summary>
internal enum FaultClass
{
    /// <summary>429: the service refused without acting; any call may be repeated.</summary>
    Throttled,

    /// <summary>5xx: the service may have acted; only GET is repeated.</summary>
    ServerError,

    /// <summary>No answer in time: the service may have acted; only GET is repeated.</summary>
    Timeout,

    /// <summary>The connection was never established: nothing reached the service; any call may be repeated.</summary>
    NotConnected,

    /// <summary>The connection broke after the request was sent: only GET is repeated.</summary>
    Reset,

    /// <summary>A success status whose body cannot be read: not repeated by the transport; a wait polls again.</summary>
    Unreadable,

    /// <summary>A redirect to another host: never followed, never repeated; a POST may have been processed.</summary>
    Redirect,

    /// <summary>A readable answer the client must tolerate.</summary>
    Tolerated,
}

internal static class FaultInfo
{
    public static FaultClass Classify(Fault fault) => fault switch
    {
        Fault.RateLimited or Fault.RateLimitedRetryAfterSeconds or Fault.RateLimitedRetryAfterDate => FaultClass.Throttled,
        Fault.ServerError500 or Fault.BadGatewayHtml502 or Fault.Unavailable503 or Fault.GatewayTimeout504 => FaultClass.ServerError,
        Fault.AttemptTimeout => FaultClass.Timeout,
        Fault.ConnectionRefused => FaultClass.NotConnected,
        Fault.ResetMidResponse => FaultClass.Reset,
        Fault.TruncatedJson or Fault.EmptyBody or Fault.HtmlBody200 or Fault.TenMegabyteBody or Fault.NullEverywhere => FaultClass.Unreadable,
        Fault.Redirect301 or Fault.Redirect302 or Fault.Redirect303 or Fault.Redirect307 or Fault.Redirect308 => FaultClass.Redirect,
        _ => FaultClass.Tolerated,
    };

    /// <summary>The HTTP status of a redirect fault.</summary>
    public static int RedirectStatus(Fault fault) => fault switch
    {
        Fault.Redirect301 => 301,
        Fault.Redirect302 => 302,
        Fault.Redirect303 => 303,
        Fault.Redirect307 => 307,
        Fault.Redirect308 => 308,
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "Not a redirect."),
    };

    public static string Describe(Fault fault) => fault switch
    {
        Fault.RateLimited => "429 without Retry-After",
        Fault.RateLimitedRetryAfterSeconds => "429, Retry-After: 1 (seconds)",
        Fault.RateLimitedRetryAfterDate => "429, Retry-After: HTTP date (+3 s)",
        Fault.ServerError500 => "500 with JSON error body",
        Fault.BadGatewayHtml502 => "502 with HTML body",
        Fault.Unavailable503 => "503",
        Fault.GatewayTimeout504 => "504",
        Fault.AttemptTimeout => "no answer until the attempt timeout",
        Fault.ConnectionRefused => "connection refused (never established)",
        Fault.ResetMidResponse => "connection reset mid-response",
        Fault.TruncatedJson => "200, truncated JSON",
        Fault.EmptyBody => "200, empty body",
        Fault.HtmlBody200 => "200, text/html",
        Fault.TenMegabyteBody => "200, 10 MB body",
        Fault.UnknownFields => "200, unknown fields",
        Fault.UnknownStatus => "200, unknown status value (QUEUED)",
        Fault.NullEverywhere => "200, null in every field",
        Fault.MissingId => "200, no dock-statusId / _id",
        Fault.JobFailed => "200, status FAILED with a message",
        Fault.Redirect301 or Fault.Redirect302 or Fault.Redirect303 or Fault.Redirect307 or Fault.Redirect308 =>
            $"{RedirectStatus(fault)} to another host (loopback server)",
        _ => fault.ToString(),
    };
}
