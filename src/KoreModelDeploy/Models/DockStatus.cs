using System.Text.Json;
using System.Text.Json.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>
/// The state of a dock job, as reported by Get Dock Status.
/// </summary>
public sealed record DockStatus
{
    private static readonly string[] MessageKeys = ["message", "msg", "errorMessage", "error", "reason", "failureReason", "statusMessage"];

    /// <summary>The dock status id (<c>_id</c>), the same id the deploy or undeploy call returned.</summary>
    [JsonPropertyName("_id")]
    public string Id { get; init; } = string.Empty;

    /// <summary>The model the job acts on, for model jobs.</summary>
    [JsonPropertyName("modelId")]
    public string? ModelId { get; init; }

    /// <summary>The tool the job acts on, for tool jobs.</summary>
    [JsonPropertyName("toolId")]
    public string? ToolId { get; init; }

    /// <summary>The kind of resource.</summary>
    [JsonPropertyName("jobType")]
    public DockJobType JobType { get; init; }

    /// <summary>What the job does.</summary>
    [JsonPropertyName("action")]
    public DockAction Action { get; init; }

    /// <summary>
    /// The job's state. Only <see cref="DockJobStatus.Success"/> and <see cref="DockJobStatus.Failed"/> end a job;
    /// any other value, documented or not, means it is still running.
    /// </summary>
    [JsonPropertyName("status")]
    public DockJobStatus Status { get; init; }

    /// <summary>
    /// Fields the service sent that this version of the package does not model, such as a failure message.
    /// Empty when there were none.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties => (IReadOnlyDictionary<string, JsonElement>?)ExtensionData ?? EmptyProperties;

    // Extension data must be settable after construction; an init-only member would become a constructor parameter.
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    private static readonly Dictionary<string, JsonElement> EmptyProperties = [];

    /// <summary>
    /// A human-readable message the service attached to the job, typically why it failed; <see langword="null"/> when none.
    /// Taken from the first string-valued field among <c>message</c>, <c>msg</c>, <c>errorMessage</c>, <c>error</c>,
    /// <c>reason</c>, <c>failureReason</c> and <c>statusMessage</c>.
    /// </summary>
    [JsonIgnore]
    public string? Message
    {
        get
        {
            foreach (var key in MessageKeys)
            {
                if (AdditionalProperties.TryGetValue(key, out var element) && element.ValueKind == JsonValueKind.String)
                {
                    try
                    {
                        return element.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        // Bytes that are not UTF-8 pass the JSON reader and fail only here; such a field is no message.
                    }
                }
            }

            return null;
        }
    }
}
