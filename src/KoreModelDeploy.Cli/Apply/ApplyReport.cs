namespace KoreModelDeploy.Cli.Apply;

/// <summary>Every model's end, and the exit code they make.</summary>
internal sealed record ApplyReport(IReadOnlyList<ModelResult> Models)
{
    /// <summary>
    /// 0 when every model ended SUCCESS or unchanged (prune candidates left alone do not count); 130 when the apply
    /// was cancelled; otherwise the exit code (<see cref="FailureClassifier.ExitCodeOf"/>) of the worst outcome, in
    /// this order: unknown (9), journal or configuration error (7), failed (2), timed out (6), API error (5),
    /// authentication (4), invalid request (3), unexpected (1).
    /// </summary>
    public int ExitCode
    {
        get
        {
            if (Models.Any(m => m.WasStopped))
            {
                return ExitCodes.Cancelled;
            }

            foreach (var outcome in Severity)
            {
                if (Models.Any(m => m.Outcome == outcome))
                {
                    return FailureClassifier.ExitCodeOf(outcome);
                }
            }

            return ExitCodes.Success;
        }
    }

    /// <summary>The outcomes that fail an apply, worst first.</summary>
    internal static readonly ModelOutcome[] Severity =
    [
        ModelOutcome.Unknown,
        ModelOutcome.JournalError,
        ModelOutcome.ConfigurationError,
        ModelOutcome.Failed,
        ModelOutcome.TimedOut,
        ModelOutcome.ApiError,
        ModelOutcome.AuthenticationError,
        ModelOutcome.InvalidRequest,
        ModelOutcome.Unexpected,
    ];
}
