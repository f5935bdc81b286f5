using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>What the journal says about one model, after replaying its lines in order.</summary>
internal sealed record ModelRecord
{
    public required string ModelId { get; init; }

    /// <summary>Whether the last finished step left the model deployed (a deploy ended SUCCESS, no undeploy since).</summary>
    public bool Deployed { get; init; }

    /// <summary>Whether a deploy of this model ever ended SUCCESS: the next deploy sends <c>isDeployedPreviously: true</c>.</summary>
    public bool EverDeployed { get; init; }

    /// <summary>The settings' digest of the deploy that left it deployed.</summary>
    public string? DeployedFingerprint { get; init; }

    /// <summary>The model type and settings (compact JSON) of the deploy that left it deployed, when the journal has them (earlier releases kept only the digest).</summary>
    public string? DeployedModelType { get; init; }

    /// <summary>The settings of the deploy that left it deployed, as compact JSON; see <see cref="DeployedModelType"/>.</summary>
    public string? DeployedRequest { get; init; }

    /// <summary>The last finished step's call; its status, job id and vendor message follow.</summary>
    public StepCall? LastCall { get; init; }

    /// <summary>Compared as the SDK compares statuses: <c>success</c> is <see cref="DockJobStatus.Success"/>.</summary>
    public DockJobStatus LastStatus { get; init; }

    public string? LastDockStatusId { get; init; }

    public string? LastMessage { get; init; }

    /// <summary>The fingerprint of the last deploy that ended FAILED, when the last finished step was one.</summary>
    public string? FailedFingerprint { get; init; }

    /// <summary>A step started and not finished, if any.</summary>
    public PendingStep? Pending { get; init; }

    public bool LastFailed => LastStatus == DockJobStatus.Failed;

    /// <summary>
    /// A dock status id an earlier release journaled from <c>--resolve</c> without checking it, which no status call
    /// can use: the step counts as unknown until a new <c>--resolve</c> replaces it.
    /// </summary>
    public string? UnusableDockStatusId { get; init; }
}
