namespace KoreModelDeploy.Cli.Output;

/// <summary>A failed call, as <see cref="KoreApiException"/> describes it.</summary>
internal sealed record ApiErrorReport(string Kind, int Status, bool RequestMayHaveBeenProcessed)
{
    public string? ErrorCode { get; init; }

    public string? RequestId { get; init; }

    public string? ServiceMessage { get; init; }

    public static ApiErrorReport From(KoreApiException exception) =>
        new(exception.Kind.ToString(), exception.Status, exception.RequestMayHaveBeenProcessed)
        {
            ErrorCode = exception.ErrorCode,
            RequestId = exception.RequestId,
            ServiceMessage = exception.ServiceMessage,
        };
}
