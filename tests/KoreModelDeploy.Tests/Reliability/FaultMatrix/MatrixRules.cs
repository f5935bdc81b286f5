namespace KoreModelDeploy.Tests.Reliability.FaultMatrix;

/// <summary>
/// The documented behaviour, written down independently of the SDK's code: what each call must end with under each
/// fault, and how many requests it may send. Deploy and undeploy are re-sent only after 429 or a connection that was
/// never established; Get Dock Status is retried on 429, 5xx, timeouts and network errors; a wait polls again after
/// any transient failure until too many come in a row. A redirect is never followed nor repeated, by any call.
/// </summary>
internal static class MatrixRules
{
    public static IReadOnlyList<Fault> Faults { get; } = Enum.GetValues<Fault>();

    public static IReadOnlyList<MatrixOperation> Operations { get; } = Enum.GetValues<MatrixOperation>();

    public static IReadOnlyList<FaultMode> Modes { get; } = Enum.GetValues<FaultMode>();

    public static CellOutcome Expect(MatrixOperation operation, Fault fault, FaultMode mode, KoreModelDeployOptions options) =>
        operation == MatrixOperation.Wait ? ExpectWait(fault, mode, options.Polling) : ExpectCall(operation, fault, mode, options.Retry.MaxRetries);

    public static KoreErrorKind ErrorKindOf(FaultClass faultClass) => faultClass switch
    {
        FaultClass.Throttled => KoreErrorKind.RateLimited,
        FaultClass.ServerError => KoreErrorKind.ServerError,
        FaultClass.Timeout => KoreErrorKind.Timeout,
        FaultClass.NotConnected or FaultClass.Reset => KoreErrorKind.Network,
        FaultClass.Unreadable => KoreErrorKind.InvalidResponse,
        FaultClass.Redirect => KoreErrorKind.Other,
        _ => throw new ArgumentOutOfRangeException(nameof(faultClass), faultClass, "Tolerated answers are not errors."),
    };

    /// <summary>Whether the documented retry rule lets a call be sent again after this kind of failure.</summary>
    public static bool MayResend(bool isPost, FaultClass faultClass) =>
        faultClass is FaultClass.Throttled or FaultClass.NotConnected
        || (!isPost && faultClass is FaultClass.ServerError or FaultClass.Timeout or FaultClass.Reset);

    private static CellOutcome ExpectCall(MatrixOperation operation, Fault fault, FaultMode mode, int maxRetries)
    {
        var isPost = operation is MatrixOperation.Deploy or MatrixOperation.Undeploy;
        var faultClass = FaultInfo.Classify(fault);
        if (faultClass == FaultClass.Tolerated)
        {
            // A deploy answer without its job id is useless to the caller; a status answer without _id is not.
            return fault == Fault.MissingId && isPost ? CellOutcome.Api(KoreErrorKind.InvalidResponse, 1) : CellOutcome.Ok(1);
        }

        var kind = ErrorKindOf(faultClass);
        var resent = MayResend(isPost, faultClass);
        return (mode, resent) switch
        {
            (FaultMode.Once, true) => CellOutcome.Ok(2),
            (FaultMode.Always, true) => CellOutcome.Api(kind, maxRetries + 1),
            _ => CellOutcome.Api(kind, 1),
        };
    }

    private static CellOutcome ExpectWait(Fault fault, FaultMode mode, DockPollingOptions polling)
    {
        // A redirect is not transient: the wait ends on the first poll.
        if (FaultInfo.Classify(fault) == FaultClass.Redirect)
        {
            return CellOutcome.Api(KoreErrorKind.Other, 1);
        }

        // The scripted job answers IN_PROGRESS to its first readable poll and SUCCESS afterwards.
        switch (fault)
        {
            case Fault.UnknownFields or Fault.MissingId:
                return CellOutcome.Ok(2);
            case Fault.JobFailed:
                return new CellOutcome(OutcomeKind.JobFailed, null, 1);
            case Fault.UnknownStatus when mode == FaultMode.Always:
                // An unknown status is not terminal: polls go on, one per delay, until the wait's timeout.
                return new CellOutcome(OutcomeKind.JobTimeout, null, (int)Math.Ceiling(polling.Timeout / polling.InitialDelay));
            case Fault.UnknownStatus:
                return CellOutcome.Ok(3);
        }

        // Every failure the matrix injects is transient, so the wait absorbs it up to MaxConsecutiveFailures in a row.
        return mode == FaultMode.Once
            ? CellOutcome.Ok(3)
            : CellOutcome.Api(ErrorKindOf(FaultInfo.Classify(fault)), polling.MaxConsecutiveFailures + 1);
    }
}
