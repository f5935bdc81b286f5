using System.Text.Json.Serialization;

namespace KoreModelDeploy.Emulator.Json;

/// <summary>The answer to a deploy or undeploy call, shaped like the vendor's samples.</summary>
internal sealed record JobAcceptedResponse(
    // The vendor's samples use the hyphenated key; its response table says dockStatusId. Clients read both, the samples win here.
    [property: JsonPropertyName("dock-statusId")] string DockStatusId,
    string ModelId,
    string JobType,
    string Action,
    string Status);
