using System.Text.Json.Serialization;

namespace KoreModelDeploy.Benchmarks.Wire;

// What a user writing the calls by hand (or with Refit, RestSharp or Flurl) declares: plain DTOs in the wire format.

public sealed record WireDeployRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("hyperParameters")] WireHyperParameters HyperParameters,
    [property: JsonPropertyName("scalingParameters")] WireScalingParameters? ScalingParameters,
    [property: JsonPropertyName("deviceType")] string DeviceType,
    [property: JsonPropertyName("optimizationInfo")] WireOptimizationInfo? OptimizationInfo,
    [property: JsonPropertyName("isDeployedPreviously")] bool? IsDeployedPreviously);

public sealed record WireHyperParameters(
    [property: JsonPropertyName("temperature")] double Temperature,
    [property: JsonPropertyName("maxTokens")] int MaxTokens,
    [property: JsonPropertyName("topP")] double TopP,
    [property: JsonPropertyName("topK")] int TopK,
    [property: JsonPropertyName("stopSequence")] IReadOnlyList<string>? StopSequence);

public sealed record WireScalingParameters(
    [property: JsonPropertyName("maxBatchSize")] int? MaxBatchSize,
    [property: JsonPropertyName("minReplicas")] int? MinReplicas,
    [property: JsonPropertyName("maxReplicas")] int? MaxReplicas,
    [property: JsonPropertyName("scaleUpDelay")] int? ScaleUpDelay,
    [property: JsonPropertyName("scaleDownDelay")] int? ScaleDownDelay);

public sealed record WireOptimizationInfo(
    [property: JsonPropertyName("optimizationType")] string? OptimizationType,
    [property: JsonPropertyName("quantizationType")] string? QuantizationType);

public sealed record WireDeployResponse(
    [property: JsonPropertyName("dock-statusId")] string DockStatusId,
    [property: JsonPropertyName("modelId")] string? ModelId,
    [property: JsonPropertyName("jobType")] string? JobType,
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName("status")] string Status);

public sealed record WireDockStatus(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("modelId")] string? ModelId,
    [property: JsonPropertyName("jobType")] string? JobType,
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName("status")] string Status);
