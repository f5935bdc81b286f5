using System.Text.Json.Serialization;

namespace KoreModelDeploy.Emulator.Json;

/// <summary>Source-generated serialization metadata, so the emulator stays trimming and Native AOT safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobAcceptedResponse))]
[JsonSerializable(typeof(DockStatusResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
