using KoreModelDeploy.Cli.Journal;

namespace KoreModelDeploy.Cli.Planning;

/// <summary>One call apply makes for a model, and the wait after it.</summary>
/// <param name="Call">The call sent.</param>
/// <param name="Reason">Why, as the journal records it.</param>
/// <param name="IsDeployedPreviously">For a deploy, the flag sent.</param>
/// <param name="ResumeDockStatusId">When set, no call is made: the job with this id, started by an earlier apply, is waited on.</param>
internal sealed record PlannedStep(StepCall Call, StepReason Reason, bool? IsDeployedPreviously = null, string? ResumeDockStatusId = null)
{
    public override string ToString() => ResumeDockStatusId is { } id
        ? $"wait for {Call.Word()} {id}"
        : Call == StepCall.Deploy && IsDeployedPreviously == true ? "deploy (isDeployedPreviously: true)" : Call.Word();
}
