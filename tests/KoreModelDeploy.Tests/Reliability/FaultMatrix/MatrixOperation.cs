namespace KoreModelDeploy.Tests.Reliability.FaultMatrix;

/// <summary>The client calls the matrix exercises.</summary>
internal enum MatrixOperation
{
    Deploy,
    Undeploy,
    GetStatus,
    Wait,
}

/// <summary>Whether the fault hits only the first request to the endpoint, or every one.</summary>
internal enum FaultMode
{
    Once,
    Always,
}

/// <summary>How a cell ended: success, or which typed exception.</summary>
internal enum OutcomeKind
{
    Success,
    ApiError,
    JobFailed,
    JobTimeout,
    Unhandled,
}

/// <summary>A cell's result: the outcome, the error kind for API errors, and how many requests reached the endpoint.</summary>
internal readonly record struct CellOutcome(OutcomeKind Kind, KoreErrorKind? ErrorKind, int Requests)
{
    public static CellOutcome Ok(int requests) => new(OutcomeKind.Success, null, requests);

    public static CellOutcome Api(KoreErrorKind kind, int requests) => new(OutcomeKind.ApiError, kind, requests);

    public string Display => Kind switch
    {
        OutcomeKind.Success => $"ok ({Requests})",
        OutcomeKind.ApiError => $"{ErrorKind} ({Requests})",
        OutcomeKind.JobFailed => $"JobFailed ({Requests})",
        OutcomeKind.JobTimeout => $"JobTimeout ({Requests})",
        _ => $"UNHANDLED ({Requests})",
    };
}
