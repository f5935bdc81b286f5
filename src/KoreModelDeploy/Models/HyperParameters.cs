using System.Text.Json.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>Generation settings of a deployed model (<c>hyperParameters</c>).</summary>
public sealed record HyperParameters
{
    /// <summary>Randomness of the output, from 0 to 2 inclusive. Required.</summary>
    [JsonPropertyName("temperature")]
    public required double Temperature { get; init; }

    /// <summary>Maximum number of tokens generated, from 0 to 512 inclusive. Required.</summary>
    [JsonPropertyName("maxTokens")]
    public required int MaxTokens { get; init; }

    /// <summary>Nucleus-sampling probability mass, from 0 to 1 inclusive. Required.</summary>
    [JsonPropertyName("topP")]
    public required double TopP { get; init; }

    /// <summary>Number of most likely tokens sampled from, from 1 to 100 inclusive. Required.</summary>
    [JsonPropertyName("topK")]
    public required int TopK { get; init; }

    /// <summary>Sequences that stop generation; omitted when <see langword="null"/>. Entries must not be <see langword="null"/>.</summary>
    [JsonPropertyName("stopSequence")]
    public IReadOnlyList<string>? StopSequence { get; init; }
}
