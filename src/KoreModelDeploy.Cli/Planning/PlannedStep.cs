namespace KoreModelDeploy.Cli.Planning;

/// <summary>One call apply makes for a model, and the wait after it.</summary>
/// <param name="Action"><c>deploy</c> or <c>undeploy</c>.</param>
/// <param name="Reason">Why, as the journal records it: <c>deploy</c>, <c>redeploy</c>, <c>retry</c> or <c>prune</c>.</param>
/// <param name="IsDeployedPreviously">For a deploy, the flag sent.</param>
/// <param name="ResumeDockStatusId">When set, no call is made: the job with this id, started by an earlier apply, is waited on.</param>
internal sealed record PlannedStep(string Action, string Reason, bool? IsDeployedPreviously = null, string? ResumeDockStatusId = null)
{
    public const string DeployAction = "deploy";
    public const string UndeployAction = "undeploy";

    public override string ToString() => ResumeDockStatusId is { } id
        ? $"wait for {Action} {id}"
        : Action == DeployAction && IsDeployedPreviously == true ? "deploy (isDeployedPreviously: true)" : Action;
}
