using System.ComponentModel;
using System.Text.Json.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>
/// The body of a Deploy a Model call: what to deploy, on which hardware, with which generation and scaling settings.
/// </summary>
/// <remarks>
/// The client validates every field against the vendor's documented ranges before anything is sent;
/// see <see cref="KoreValidationException"/>. Use <see cref="KoreModelDeployJson.ParseDeployModelRequest(string)"/>
/// to read a request kept in a JSON file in the vendor's sample format.
/// </remarks>
public sealed record DeployModelRequest
{
    /// <summary>Name of the deployment. Required, not blank.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Generation settings. Required.</summary>
    [JsonPropertyName("hyperParameters")]
    public required HyperParameters HyperParameters { get; init; }

    /// <summary>Autoscaling settings; omitted from the request when <see langword="null"/>.</summary>
    [JsonPropertyName("scalingParameters")]
    public ScalingParameters? ScalingParameters { get; init; }

    /// <summary>The GPU instance type. Required; one of the <see cref="Models.DeviceType"/> members.</summary>
    [JsonPropertyName("deviceType")]
    public required DeviceType DeviceType { get; init; }

    /// <summary>Inference optimization settings; omitted from the request when <see langword="null"/>.</summary>
    [JsonPropertyName("optimizationInfo")]
    public OptimizationInfo? OptimizationInfo { get; init; }

    /// <summary>
    /// Whether the model was deployed before. Sent as <c>isDeployedPreviously</c>, the spelling of the vendor's
    /// parameter table; omitted when <see langword="null"/>.
    /// </summary>
    [JsonPropertyName("isDeployedPreviously")]
    public bool? IsDeployedPreviously { get; init; }

    // The vendor's older samples misspell the flag. Reading accepts that spelling; writing never emits it.
    [JsonInclude]
    [JsonPropertyName("isDeployedPreviouly")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    internal bool? IsDeployedPreviouslyLegacySpelling
    {
        get => null;
        init => IsDeployedPreviously ??= value;
    }
}
