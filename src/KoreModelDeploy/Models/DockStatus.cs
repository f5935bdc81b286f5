using System.Text.Json;
using System.Text.Json.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>
/// The state of a dock job, as reported by Get Dock Status. Built by the client from the service's answer; build one in
/// tests with <see cref="KoreModelFactory.DockStatus"/>.
/// </summary>
public sealed record DockStatus
{
    // Read-only to callers: the client builds these from the service's answers; tests build them with KoreModelFactory.
    [JsonConstructor]
    internal DockStatus()
    {
    }

    /// <summary>The dock status id (<c>_id</c>), the same id the deploy or undeploy call returned.</summary>
    [JsonPropertyName("_id")]
    [JsonInclude]
    public string Id { get; internal set; } = string.Empty;

    /// <summary>The model the job acts on, for model jobs.</summary>
    [JsonPropertyName("modelId")]
    [JsonInclude]
    public string? ModelId { get; internal set; }

    /// <summary>The tool the job acts on, for tool jobs.</summary>
    [JsonPropertyName("toolId")]
    [JsonInclude]
    public string? ToolId { get; internal set; }

    /// <summary>The kind of resource.</summary>
    [JsonPropertyName("jobType")]
    [JsonInclude]
    public DockJobType JobType { get; internal set; }

    /// <summary>What the job does.</summary>
    [JsonPropertyName("action")]
    [JsonInclude]
    public DockAction Action { get; internal set; }

    /// <summary>
    /// The job's state. Only <see cref="DockJobStatus.Success"/> and <see cref="DockJobStatus.Failed"/> end a job;
    /// any other value, documented or not, means it is still running.
    /// </summary>
    [JsonPropertyName("status")]
    [JsonInclude]
    public DockJobStatus Status { get; internal set; }

    /// <summary>
    /// Fields the service sent that this version of the package does not model, such as a failure message.
    /// Empty when there were none.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties => (IReadOnlyDictionary<string, JsonElement>?)ExtensionData ?? UnmodeledFields.Empty;

    // Settable members let the serializer fill the record through its setters; init-only members would go through a
    // boxing argument buffer, and extension data cannot be bound that way at all.
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>
    /// A human-readable message the service attached to the job, typically why it failed; <see langword="null"/> when none.
    /// Taken from the first string-valued field among <c>message</c>, <c>msg</c>, <c>errorMessage</c>, <c>error</c>,
    /// <c>reason</c>, <c>failureReason</c> and <c>statusMessage</c>.
    /// </summary>
    [JsonIgnore]
    public string? Message => UnmodeledFields.FindMessage(ExtensionData);
}
