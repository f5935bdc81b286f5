namespace KoreModelDeploy.Emulator.Faults;

/// <summary>The kinds of one-shot request faults.</summary>
internal enum FaultKind
{
    RateLimited,
    JsonServerError,
    HtmlGatewayError,
    SlowResponse,
    AbortConnection,
    TruncatedJson,
}
