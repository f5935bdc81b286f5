namespace KoreModelDeploy.Fleet.Waits;

/// <summary>Send the deploy request of a recorded deployment, then start waiting on its job.</summary>
/// <param name="DeploymentId">The deployment.</param>
public sealed record StartDeployment(Guid DeploymentId);
