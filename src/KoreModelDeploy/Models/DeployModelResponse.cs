using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>
/// The answer to a deploy or undeploy call: the id of the dock job that carries it out, and the job's first state.
/// Built by the client; build one in tests with <see cref="KoreModelFactory.DeployModelResponse"/>.
/// </summary>
public sealed record DeployModelResponse
{
    // Read-only to callers: the client builds these from the service's answers; tests build them with KoreModelFactory.
    [JsonConstructor]
    internal DeployModelResponse()
    {
    }

    /// <summary>
    /// The id to pass to Get Dock Status. Read from <c>dock-statusId</c> (the vendor's samples) or
    /// <c>dockStatusId</c> (the vendor's response table).
    /// </summary>
    [JsonPropertyName("dock-statusId")]
    [JsonInclude]
    public string DockStatusId { get; internal set; } = string.Empty;

    /// <summary>The model the job acts on. Read from <c>modelId</c>, or from <c>guardrail</c> as the vendor's table names it.</summary>
    [JsonPropertyName("modelId")]
    [JsonInclude]
    public string? ModelId { get; internal set; }

    /// <summary>The kind of resource, <see cref="DockJobType.Models"/> for model deployments.</summary>
    [JsonPropertyName("jobType")]
    [JsonInclude]
    public DockJobType JobType { get; internal set; }

    /// <summary>What the job does: <see cref="DockAction.Deploy"/> or <see cref="DockAction.Undeploy"/>.</summary>
    [JsonPropertyName("action")]
    [JsonInclude]
    public DockAction Action { get; internal set; }

    /// <summary>The job's state when the call returned, usually <see cref="DockJobStatus.InProgress"/>.</summary>
    [JsonPropertyName("status")]
    [JsonInclude]
    public DockJobStatus Status { get; internal set; }

    /// <summary>
    /// Fields the service sent that this version of the package does not model, such as a message explaining a job
    /// refused at once. Empty when there were none.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties => (IReadOnlyDictionary<string, JsonElement>?)ExtensionData ?? UnmodeledFields.Empty;

    /// <summary>
    /// A human-readable message the service attached, typically why a job ended <see cref="DockJobStatus.Failed"/> at once;
    /// <see langword="null"/> when none. Read as <see cref="DockStatus.Message"/> is.
    /// </summary>
    [JsonIgnore]
    public string? Message => UnmodeledFields.FindMessage(ExtensionData);

    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    [JsonInclude]
    [JsonPropertyName("dockStatusId")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    internal string? DockStatusIdTableSpelling
    {
        get => null;
        set
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
        set => ModelId ??= value;
    }
}
