using System.Text.Json.Serialization;

namespace KoreModelDeploy.Emulator.Json;

/// <summary>The answer to a dock status call, shaped like the vendor's sample.</summary>
internal sealed record DockStatusResponse(
    [property: JsonPropertyName("_id")] string Id,
    string ModelId,
    string JobType,
    string Action,
    string Status,
    // Only failed jobs carry a message; the vendor documents no such field, which is why clients must tolerate extras.
    string? Message);
