using System.Text.Json;
using System.Text.Json.Nodes;

namespace KoreModelDeploy.Cli.Planning;

/// <summary>
/// Compares what a model was deployed with and what a plan would send: the model type and every member of the
/// request, objects member by member, arrays and scalars whole. <c>isDeployedPreviously</c> is never compared: apply
/// sets it itself, and it is not part of what the journal keeps.
/// </summary>
internal static class SettingsDiff
{
    private const string ModelTypePath = "modelType";

    /// <summary>Every setting that differs, in the order of the newer request's members, then those removed.</summary>
    /// <param name="beforeModelType">The model type deployed.</param>
    /// <param name="beforeSettings">The request deployed, as JSON (an object).</param>
    /// <param name="afterModelType">The model type the plan sends.</param>
    /// <param name="afterSettings">The request the plan sends, as JSON (an object).</param>
    public static IReadOnlyList<SettingChange> Compare(string? beforeModelType, string beforeSettings, string afterModelType, string afterSettings)
    {
        var changes = new List<SettingChange>();
        if (!string.Equals(beforeModelType, afterModelType, StringComparison.Ordinal))
        {
            changes.Add(beforeModelType is null
                ? new SettingChange(ModelTypePath, SettingChangeKind.Added, null, Quote(afterModelType))
                : new SettingChange(ModelTypePath, SettingChangeKind.Changed, Quote(beforeModelType), Quote(afterModelType)));
        }

        CompareObjects(null, Parse(beforeSettings), Parse(afterSettings), changes);
        return changes;
    }

    private static void CompareObjects(string? prefix, JsonObject before, JsonObject after, List<SettingChange> changes)
    {
        foreach (var (name, afterValue) in after)
        {
            if (prefix is null && name == "isDeployedPreviously")
            {
                continue;
            }

            var path = prefix is null ? name : prefix + "." + name;
            if (!before.TryGetPropertyValue(name, out var beforeValue))
            {
                changes.Add(new SettingChange(path, SettingChangeKind.Added, null, Text(afterValue)));
            }
            else if (beforeValue is JsonObject beforeObject && afterValue is JsonObject afterObject)
            {
                CompareObjects(path, beforeObject, afterObject, changes);
            }
            else if (!JsonNode.DeepEquals(beforeValue, afterValue))
            {
                changes.Add(new SettingChange(path, SettingChangeKind.Changed, Text(beforeValue), Text(afterValue)));
            }
        }

        foreach (var (name, beforeValue) in before)
        {
            if (!after.ContainsKey(name) && !(prefix is null && name == "isDeployedPreviously"))
            {
                changes.Add(new SettingChange(prefix is null ? name : prefix + "." + name, SettingChangeKind.Removed, Text(beforeValue), null));
            }
        }
    }

    private static JsonObject Parse(string json) =>
        JsonNode.Parse(json) as JsonObject ?? throw new JsonException("a request's settings are a JSON object");

    /// <summary>
    /// Values as people wrote them (<c>"&lt;/s&gt;"</c>, <c>"Modèle"</c>), not escaped for a web page: where they are
    /// printed, terminal and step summary each make outside text safe their own way.
    /// </summary>
    private static readonly JsonSerializerOptions AsWritten = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Text(JsonNode? node) => node?.ToJsonString(AsWritten) ?? "null";

    private static string Quote(string text) => JsonValue.Create(text).ToJsonString(AsWritten);
}
