using KoreModelDeploy.Cli.Planning;

namespace KoreModelDeploy.Cli.Apply;

/// <summary>One model's end in an apply, as the table and <c>-o json</c> show it.</summary>
/// <param name="ModelId">The model's id in this environment.</param>
/// <param name="Action">What the plan said.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="DockStatusId">The last job's id, when there was one.</param>
/// <param name="Status">The last job's status as the service said it (<c>SUCCESS</c>, <c>FAILED</c>, <c>IN_PROGRESS</c>…).</param>
/// <param name="Message">The vendor's message, or what went wrong and what to do.</param>
internal sealed record ModelResult(string ModelId, PlanAction Action, ModelOutcome Outcome, string? DockStatusId, string? Status, string? Message)
{
    /// <summary>Whether the model needs nothing from anyone: SUCCESS, unchanged, or a prune candidate left alone.</summary>
    public bool EndedWell => Outcome is ModelOutcome.Succeeded or ModelOutcome.Unchanged or ModelOutcome.PruneCandidate;

    /// <summary>Whether Ctrl+C stopped the model, in its wait or before it began.</summary>
    public bool WasStopped => Outcome is ModelOutcome.Cancelled or ModelOutcome.NotStarted;

    /// <summary>The outcome's name in <c>-o json</c> and in the table: the action done (<c>deployed</c>, <c>redeployed</c>, <c>resumed</c>, <c>pruned</c>) or what stopped it.</summary>
    public string OutcomeName => Outcome switch
    {
        ModelOutcome.Succeeded => Action switch
        {
            PlanAction.Redeploy => "redeployed",
            PlanAction.Resume => "resumed",
            PlanAction.Prune => "pruned",
            PlanAction.Failed => "retried",
            _ => "deployed",
        },
        ModelOutcome.Unchanged => "unchanged",
        ModelOutcome.PruneCandidate => "prune-candidate",
        ModelOutcome.Failed => "failed",
        ModelOutcome.Unknown => "unknown",
        ModelOutcome.TimedOut => "timed-out",
        ModelOutcome.ApiError => "api-error",
        ModelOutcome.AuthenticationError => "authentication-error",
        ModelOutcome.InvalidRequest => "invalid-request",
        ModelOutcome.JournalError => "journal-error",
        ModelOutcome.Cancelled => "cancelled",
        ModelOutcome.ConfigurationError => "configuration-error",
        ModelOutcome.Unexpected => "unexpected-error",
        _ => "not-started",
    };
}
