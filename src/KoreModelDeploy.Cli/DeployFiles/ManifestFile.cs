using System.Text.Json;
using System.Text.Json.Nodes;

namespace KoreModelDeploy.Cli.DeployFiles;

/// <summary>Tells a manifest given where a deploy file was expected, so the message can point to <c>plan</c>.</summary>
internal static class ManifestFile
{
    private static readonly JsonDocumentOptions ManifestSyntax = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Whether <paramref name="text"/> reads as a manifest: an object with <c>environments</c> or <c>models</c>.</summary>
    public static bool Recognize(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: ManifestSyntax) is JsonObject root
                && (root.ContainsKey("environments") || root.ContainsKey("models"));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
