using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KoreModelDeploy.Cli.DeployFiles;

/// <summary>
/// One <c>--set path=value</c>: a field of the deploy file replaced, its value read by the field's type, so one file
/// serves several environments. Problems are reported as violations naming the path, like the request's own rules.
/// </summary>
internal sealed record SetOverride(string Path, string Value)
{
    public const string Example = "hyperParameters.topK=40";

    /// <summary>Splits <c>path=value</c> at the first <c>=</c>; false, with the violation, when the text is not one.</summary>
    public static bool TryParse(string text, out SetOverride? parsed, out KoreValidationError? error)
    {
        parsed = null;
        error = null;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            error = new KoreValidationError("--set", Quote(text), $"must be path=value, for example {Example}");
            return false;
        }

        var path = text[..equals].Trim();
        if (!DeployRequestFields.All.ContainsKey(path))
        {
            var suggestion = DeployRequestFields.Suggest(path);
            error = new KoreValidationError(path, null, suggestion is null
                ? "is not a field of a deploy request; --set takes one of: " + string.Join(", ", DeployRequestFields.All.Keys)
                : $"is not a field of a deploy request; did you mean {suggestion}?");
            return false;
        }

        parsed = new SetOverride(path, text[(equals + 1)..]);
        return true;
    }

    /// <summary>Writes the value into <paramref name="root"/>, creating parent objects the file leaves out.</summary>
    public KoreValidationError? WriteInto(JsonObject root)
    {
        var kind = DeployRequestFields.All[Path];
        if (!TryConvert(kind, out var node, out var expected))
        {
            return new KoreValidationError(Path, Quote(Value), expected);
        }

        var segments = Path.Split('.');
        var parent = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            switch (parent[segments[i]])
            {
                case JsonObject child:
                    parent = child;
                    break;
                case null:
                    var created = new JsonObject();
                    parent[segments[i]] = created;
                    parent = created;
                    break;
                default:
                    return new KoreValidationError(string.Join('.', segments, 0, i + 1), null, $"must be an object for --set {Path} to apply");
            }
        }

        if (Path == "isDeployedPreviously")
        {
            // The SDK reads either spelling; the one set here must be the one that counts.
            parent.Remove(DeployRequestFields.MisspelledPreviouslyFlag);
        }

        parent[segments[^1]] = node;
        return null;
    }

    private bool TryConvert(FieldKind kind, out JsonNode? node, out string expected)
    {
        node = null;
        expected = string.Empty;
        switch (kind)
        {
            case FieldKind.String:
                node = JsonValue.Create(Value);
                return true;
            case FieldKind.Integer when long.TryParse(Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole):
                node = JsonValue.Create(whole);
                return true;
            case FieldKind.Integer:
                expected = "must be a whole number";
                return false;
            case FieldKind.Number when double.TryParse(Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
                                       && double.IsFinite(number):
                node = JsonValue.Create(number);
                return true;
            case FieldKind.Number:
                expected = "must be a number, for example 0.7";
                return false;
            case FieldKind.Boolean when Value is "true" or "false":
                node = JsonValue.Create(Value == "true");
                return true;
            case FieldKind.Boolean:
                expected = "must be true or false";
                return false;
            default:
                expected = JsonUnicode.FindBrokenString(Value) is { } where
                    ? "must be a JSON array of strings; " + JsonUnicode.Describe(where)
                    : "must be a JSON array of strings, for example [\"###\"]";
                return TryStringArray(out node);
        }
    }

    private bool TryStringArray(out JsonNode? node)
    {
        node = null;
        if (JsonUnicode.FindBrokenString(Value) is not null)
        {
            return false;
        }

        try
        {
            if (JsonNode.Parse(Value) is JsonArray array && array.All(item => item is JsonValue value && value.GetValueKind() == JsonValueKind.String))
            {
                node = array;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    private static string Quote(string value) => "\"" + (value.Length <= 80 ? value : value[..80] + "…") + "\"";
}
