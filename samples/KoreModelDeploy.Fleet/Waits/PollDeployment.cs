namespace KoreModelDeploy.Fleet.Waits;

/// <summary>Poll a deployment's job once and record what it answered; sent deferred by the SDK's delay schedule.</summary>
/// <param name="DeploymentId">The deployment.</param>
/// <param name="Attempt">Which poll of the wait this is, from 0: where <see cref="DockPollingOptions.GetPollDelay"/> continues from.</param>
public sealed record PollDeployment(Guid DeploymentId, int Attempt);
