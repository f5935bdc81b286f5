using System.Text.Json.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>Inference optimization settings of a deployment (<c>optimizationInfo</c>).</summary>
public sealed record OptimizationInfo
{
    /// <summary>
    /// The optimization engine; omitted when <see langword="null"/>. <see cref="Models.OptimizationType.Unspecified"/>
    /// is sent as <c>""</c>, as the vendor's samples do.
    /// </summary>
    [JsonPropertyName("optimizationType")]
    public OptimizationType? OptimizationType { get; init; }

    /// <summary>
    /// The quantization; omitted when <see langword="null"/>. <see cref="Models.QuantizationType.Unspecified"/>
    /// is sent as <c>""</c>, as the vendor's samples do.
    /// </summary>
    [JsonPropertyName("quantizationType")]
    public QuantizationType? QuantizationType { get; init; }
}
