namespace KoreModelDeploy.Fleet.Deployments;

/// <summary>What the service knows of a deployment, as <c>GET /deployments/{id}</c> reports it.</summary>
public static class DeploymentState
{
    /// <summary>Recorded; its deploy request has not been sent yet.</summary>
    public const string Accepted = "ACCEPTED";

    /// <summary>The intent to send the deploy request is recorded and the request is on its way; no dock status id yet.</summary>
    public const string Starting = "STARTING";

    /// <summary>The service took the request; its job is being waited on.</summary>
    public const string InProgress = "IN_PROGRESS";

    /// <summary>The job ended successfully.</summary>
    public const string Success = "SUCCESS";

    /// <summary>The job ended in failure; the vendor's message is kept.</summary>
    public const string Failed = "FAILED";

    /// <summary>The service refused the deploy request (a 4xx answer): nothing was deployed.</summary>
    public const string Rejected = "REJECTED";

    /// <summary>
    /// The deploy request may or may not have reached the service (an intent without a dock status id, or a wait whose
    /// polls kept failing): it is never sent again on its own; check the model before deploying it again.
    /// </summary>
    public const string Unknown = "UNKNOWN";

    /// <summary>The wait reached the polling options' <c>Timeout</c> with the job still running.</summary>
    public const string TimedOut = "TIMED_OUT";

    /// <summary>Whether nothing more will happen to a deployment in <paramref name="state"/>.</summary>
    public static bool IsFinal(string state) => state is Success or Failed or Rejected or Unknown or TimedOut;
}
