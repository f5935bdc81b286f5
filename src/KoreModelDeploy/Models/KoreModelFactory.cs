using System.Text.Json;

namespace KoreModelDeploy.Models;

/// <summary>
/// Builds response models for tests of code that uses this package, e.g. to return from a mocked
/// <see cref="IModelDeploymentClient"/>.
/// </summary>
public static class KoreModelFactory
{
    /// <summary>Creates a <see cref="DockStatus"/>.</summary>
    /// <param name="id">The dock status id.</param>
    /// <param name="status">The job state.</param>
    /// <param name="modelId">The model id.</param>
    /// <param name="action">The job action; <see cref="DockAction.Deploy"/> when omitted.</param>
    /// <param name="message">A vendor message, stored as the <c>message</c> field.</param>
    /// <param name="jobType">The job type; <see cref="DockJobType.Models"/> when omitted.</param>
    public static DockStatus DockStatus(
        string id,
        DockJobStatus status,
        string? modelId = null,
        DockAction? action = null,
        string? message = null,
        DockJobType? jobType = null)
    {
        var additional = new Dictionary<string, JsonElement>();
        if (message is not null)
        {
            additional["message"] = JsonSerializer.SerializeToElement(message, Serialization.KoreJsonContext.Default.String);
        }

        return new DockStatus
        {
            Id = id,
            ModelId = modelId,
            Status = status,
            Action = action ?? DockAction.Deploy,
            JobType = jobType ?? DockJobType.Models,
            ExtensionData = additional,
        };
    }

    /// <summary>Creates a <see cref="DeployModelResponse"/>.</summary>
    /// <param name="dockStatusId">The dock status id.</param>
    /// <param name="modelId">The model id.</param>
    /// <param name="action">The job action; <see cref="DockAction.Deploy"/> when omitted.</param>
    /// <param name="status">The job state; <see cref="DockJobStatus.InProgress"/> when omitted.</param>
    public static DeployModelResponse DeployModelResponse(
        string dockStatusId,
        string? modelId = null,
        DockAction? action = null,
        DockJobStatus? status = null)
    {
        return new DeployModelResponse
        {
            DockStatusId = dockStatusId,
            ModelId = modelId,
            JobType = DockJobType.Models,
            Action = action ?? DockAction.Deploy,
            Status = status ?? DockJobStatus.InProgress,
        };
    }
}
