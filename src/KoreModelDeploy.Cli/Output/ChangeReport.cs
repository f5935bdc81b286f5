using System.Text.Json;
using System.Text.Json.Serialization;
using KoreModelDeploy.Cli.Planning;

namespace KoreModelDeploy.Cli.Output;

/// <summary>One changed setting in <c>plan -o json</c>: <c>{ "path", "kind", "before", "after" }</c>.</summary>
internal sealed record ChangeReport
{
    /// <summary>The setting's path, as <c>--set</c> writes it.</summary>
    public required string Path { get; init; }

    /// <summary><c>added</c>, <c>removed</c> or <c>changed</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The value running now; absent when added.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonElement? Before { get; init; }

    /// <summary>The value apply will send; absent when removed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonElement? After { get; init; }

    public static ChangeReport From(SettingChange change) => new()
    {
        Path = change.Path,
        Kind = change.Kind.ToString().ToLowerInvariant(),
        Before = Element(change.Before),
        After = Element(change.After),
    };

    private static JsonElement? Element(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
