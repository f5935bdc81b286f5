using System.Text.Json;
using System.Text.Json.Serialization;

namespace KoreModelDeploy.Errors;

/// <summary>
/// The error body Kore's public APIs answer with: <c>{"errors":[{"msg":"…","code":…}]}</c>.
/// Some gateways answer <c>{"message":"…"}</c> instead, which is read too.
/// </summary>
internal sealed class ErrorEnvelope
{
    [JsonPropertyName("errors")]
    public List<ErrorEntry?>? Errors { get; set; }

    [JsonPropertyName("message")]
    public JsonElement Message { get; set; }
}

internal sealed class ErrorEntry
{
    [JsonPropertyName("msg")]
    public JsonElement Msg { get; set; }

    // The vendor sends the code as a number in some answers and as a string in others.
    [JsonPropertyName("code")]
    public JsonElement Code { get; set; }
}
