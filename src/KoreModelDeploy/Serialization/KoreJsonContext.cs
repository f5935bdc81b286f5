using System.Text.Json.Serialization;
using KoreModelDeploy.Errors;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Serialization;

/// <summary>
/// Source-generated serialization metadata for every type on the wire, so nothing is serialized by reflection
/// and the package stays trimming- and Native AOT-safe.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeployModelRequest))]
[JsonSerializable(typeof(DeployModelResponse))]
[JsonSerializable(typeof(DockStatus))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(string))]
internal sealed partial class KoreJsonContext : JsonSerializerContext;
