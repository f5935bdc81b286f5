using System.Text.Json.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>Autoscaling settings of a deployment (<c>scalingParameters</c>). Every member is optional and omitted when <see langword="null"/>.</summary>
public sealed record ScalingParameters
{
    /// <summary>Maximum batch size, from 1 to 256 inclusive.</summary>
    [JsonPropertyName("maxBatchSize")]
    public int? MaxBatchSize { get; init; }

    /// <summary>Minimum number of replicas, from 1 to 10 inclusive; not more than <see cref="MaxReplicas"/>.</summary>
    [JsonPropertyName("minReplicas")]
    public int? MinReplicas { get; init; }

    /// <summary>Maximum number of replicas, from 1 to 50 inclusive.</summary>
    [JsonPropertyName("maxReplicas")]
    public int? MaxReplicas { get; init; }

    /// <summary>Delay before scaling up, from 1 to 1000 inclusive, in milliseconds as the vendor's table states.</summary>
    [JsonPropertyName("scaleUpDelay")]
    public int? ScaleUpDelay { get; init; }

    /// <summary>Delay before scaling down, from 50 to 2000 inclusive, in milliseconds as the vendor's table states.</summary>
    [JsonPropertyName("scaleDownDelay")]
    public int? ScaleDownDelay { get; init; }
}
