using KoreModelDeploy.Models;

namespace KoreModelDeploy;

/// <summary>
/// A wait for a dock job gave up before the job ended. The job goes on: resume the wait with
/// <see cref="IModelDeploymentClient.GetDockOperation(string)"/> and <see cref="DockStatusId"/>.
/// </summary>
public sealed class KoreJobTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="dockStatusId">The id of the job waited for.</param>
    /// <param name="lastStatus">The last status seen, if any.</param>
    /// <param name="elapsed">How long the wait lasted.</param>
    public KoreJobTimeoutException(string dockStatusId, DockStatus? lastStatus, TimeSpan elapsed)
        : this(dockStatusId, lastStatus, elapsed, null)
    {
    }

    /// <summary>Creates the exception for a wait that ended early because of another failure.</summary>
    /// <param name="dockStatusId">The id of the job waited for.</param>
    /// <param name="lastStatus">The last status seen, if any.</param>
    /// <param name="elapsed">How long the wait lasted.</param>
    /// <param name="innerException">Why the wait could not go on: a <see cref="KoreApiException"/> whose
    /// <see cref="KoreApiException.RetryAfter"/> asked for a pause longer than the wait had left, say.</param>
    public KoreJobTimeoutException(string dockStatusId, DockStatus? lastStatus, TimeSpan elapsed, Exception? innerException)
        : base(BuildMessage(dockStatusId, lastStatus, elapsed, innerException), innerException)
    {
        DockStatusId = dockStatusId;
        LastStatus = lastStatus;
        Elapsed = elapsed;
    }

    /// <summary>The id of the job waited for; all that is needed to resume.</summary>
    public string DockStatusId { get; }

    /// <summary>The last status seen; <see langword="null"/> when no poll succeeded.</summary>
    public DockStatus? LastStatus { get; }

    /// <summary>How long the wait lasted.</summary>
    public TimeSpan Elapsed { get; }

    private static string BuildMessage(string dockStatusId, DockStatus? lastStatus, TimeSpan elapsed, Exception? innerException)
    {
        var reason = innerException is KoreApiException { RetryAfter: { } pause }
            ? FormattableString.Invariant($" The service asked for a pause of {pause.TotalSeconds:0.#} s, longer than the wait had left.")
            : string.Empty;
        return FormattableString.Invariant(
            $"Stopped waiting for dock job {dockStatusId} after {elapsed.TotalSeconds:0.#} s; its last status was {(lastStatus is null ? "unknown" : lastStatus.Status.ToString())}.{reason} The job goes on; resume the wait with GetDockOperation(\"{dockStatusId}\").");
    }
}
