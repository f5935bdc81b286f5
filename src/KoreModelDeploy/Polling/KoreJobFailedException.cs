using KoreModelDeploy.Models;

namespace KoreModelDeploy;

/// <summary>A dock job ended <see cref="DockJobStatus.Failed"/>. Carries the final status, with any message the vendor attached.</summary>
public sealed class KoreJobFailedException : Exception
{
    /// <summary>Creates the exception from the job's final status.</summary>
    /// <param name="status">The final status.</param>
    public KoreJobFailedException(DockStatus status)
        : base(BuildMessage(status))
    {
        Status = status;
    }

    /// <summary>The id of the job that failed.</summary>
    public string DockStatusId => Status.Id;

    /// <summary>The job's final status, with every field the service sent.</summary>
    public DockStatus Status { get; }

    /// <summary>The vendor's explanation, when it sent one (see <see cref="DockStatus.Message"/>).</summary>
    public string? VendorMessage => Status.Message;

    private static string BuildMessage(DockStatus status)
    {
        if (status is null)
        {
            throw new ArgumentNullException(nameof(status));
        }

        var what = status.Action.IsDefault ? "Dock job" : status.Action + " job";
        var model = status.ModelId is null ? string.Empty : $" for model {status.ModelId}";
        var reason = status.Message is { Length: > 0 } m ? ": " + m : " without a message from the service.";
        return $"{what} {status.Id}{model} ended {status.Status}{reason}";
    }
}
