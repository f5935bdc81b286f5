using System.ComponentModel;
using System.Text.Json.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>
/// The answer to a deploy or undeploy call: the id of the dock job that carries it out, and the job's first state.
/// </summary>
public sealed record DeployModelResponse
{
    /// <summary>
    /// The id to pass to Get Dock Status. Read from <c>dock-statusId</c> (the vendor's samples) or
    /// <c>dockStatusId</c> (the vendor's response table).
    /// </summary>
    [JsonPropertyName("dock-statusId")]
    public string DockStatusId { get; init; } = string.Empty;

    /// <summary>The model the job acts on. Read from <c>modelId</c>, or from <c>guardrail</c> as the vendor's table names it.</summary>
    [JsonPropertyName("modelId")]
    public string? ModelId { get; init; }

    /// <summary>The kind of resource, <see cref="DockJobType.Models"/> for model deployments.</summary>
    [JsonPropertyName("jobType")]
    public DockJobType JobType { get; init; }

    /// <summary>What the job does: <see cref="DockAction.Deploy"/> or <see cref="DockAction.Undeploy"/>.</summary>
    [JsonPropertyName("action")]
    public DockAction Action { get; init; }

    /// <summary>The job's state when the call returned, usually <see cref="DockJobStatus.InProgress"/>.</summary>
    [JsonPropertyName("status")]
    public DockJobStatus Status { get; init; }

    [JsonInclude]
    [JsonPropertyName("dockStatusId")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    internal string? DockStatusIdTableSpelling
    {
        get => null;
        init
        {
            if (!string.IsNullOrEmpty(value))
            {
                DockStatusId = value!;
            }
        }
    }

    [JsonInclude]
    [JsonPropertyName("guardrail")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    internal string? GuardrailTableSpelling
    {
        get => null;
        init => ModelId ??= value;
    }
}
