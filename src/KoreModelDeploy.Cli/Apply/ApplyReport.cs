namespace KoreModelDeploy.Cli.Apply;

/// <summary>Every model's end, and the exit code they make.</summary>
internal sealed record ApplyReport(IReadOnlyList<ModelResult> Models)
{
    /// <summary>
    /// 0 when every model ended SUCCESS or unchanged (prune candidates left alone do not count); 130 when the apply
    /// was cancelled; otherwise the code of the worst outcome, in this order: unknown (9), journal error (7), failed (2),
    /// timed out (6), API error (5), authentication (4), invalid request (3).
    /// </summary>
    public int ExitCode
    {
        get
        {
            if (Models.Any(m => m.WasStopped))
            {
                return ExitCodes.Cancelled;
            }

            foreach (var (outcome, code) in Severity)
            {
                if (Models.Any(m => m.Outcome == outcome))
                {
                    return code;
                }
            }

            return ExitCodes.Success;
        }
    }

    /// <summary>Worst first.</summary>
    internal static readonly (ModelOutcome Outcome, int Code)[] Severity =
    [
        (ModelOutcome.Unknown, ExitCodes.UnknownState),
        (ModelOutcome.JournalError, ExitCodes.Configuration),
        (ModelOutcome.Failed, ExitCodes.JobFailed),
        (ModelOutcome.TimedOut, ExitCodes.WaitTimedOut),
        (ModelOutcome.ApiError, ExitCodes.ApiError),
        (ModelOutcome.AuthenticationError, ExitCodes.Authentication),
        (ModelOutcome.InvalidRequest, ExitCodes.InvalidRequest),
    ];
}
