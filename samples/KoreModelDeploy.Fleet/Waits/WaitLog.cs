namespace KoreModelDeploy.Fleet.Waits;

/// <summary>What the waits log.</summary>
internal static partial class WaitLog
{
    [LoggerMessage(1, LogLevel.Information, "Deployment {DeploymentId} started job {DockStatusId}")]
    public static partial void Started(ILogger logger, Guid deploymentId, string dockStatusId);

    [LoggerMessage(2, LogLevel.Information, "Deployment {DeploymentId} ended {State}")]
    public static partial void Ended(ILogger logger, Guid deploymentId, string state);
}
