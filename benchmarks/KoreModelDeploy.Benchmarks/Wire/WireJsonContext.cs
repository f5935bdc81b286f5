using System.Text.Json;
using System.Text.Json.Serialization;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Benchmarks.Wire;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WireDeployRequest))]
[JsonSerializable(typeof(WireDeployResponse))]
[JsonSerializable(typeof(WireDockStatus))]
public sealed partial class WireJsonContext : JsonSerializerContext
{
    /// <summary>Options over the generated context, for libraries that take <see cref="JsonSerializerOptions"/>.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = new() { TypeInfoResolver = Default, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The wire form of a typed request, built once per benchmark run, not per call.</summary>
    public static WireDeployRequest ToWire(DeployModelRequest request) => new(
        request.Name,
        new WireHyperParameters(
            request.HyperParameters.Temperature,
            request.HyperParameters.MaxTokens,
            request.HyperParameters.TopP,
            request.HyperParameters.TopK,
            request.HyperParameters.StopSequence),
        request.ScalingParameters is { } s
            ? new WireScalingParameters(s.MaxBatchSize, s.MinReplicas, s.MaxReplicas, s.ScaleUpDelay, s.ScaleDownDelay)
            : null,
        request.DeviceType.ToString(),
        request.OptimizationInfo is { } o
            ? new WireOptimizationInfo(o.OptimizationType?.ToString(), o.QuantizationType?.ToString())
            : null,
        request.IsDeployedPreviously);
}
