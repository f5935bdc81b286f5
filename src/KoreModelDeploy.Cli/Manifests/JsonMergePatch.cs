using System.Text.Json.Nodes;

namespace KoreModelDeploy.Cli.Manifests;

/// <summary>JSON Merge Patch (RFC 7396): how the layers of a manifest combine into one deploy request.</summary>
internal static class JsonMergePatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="target"/> and returns the result. Neither argument is
    /// changed: a manifest's shared layers (defaults, an environment's overrides) are applied to many models.
    /// </summary>
    /// <remarks>An object member whose value is <c>null</c> removes that member; any value that is not an object,
    /// arrays included, replaces the target's value whole, as the RFC says.</remarks>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Merge(result[name], value);
            }
        }

        return result;
    }
}
