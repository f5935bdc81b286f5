using System.Globalization;
using System.Text.Json;

namespace KoreModelDeploy.Serialization;

/// <summary>
/// Checks a deploy file's JSON against <see cref="RequestShape"/> before it is read, so that every problem is named in
/// the file's terms (its JSON path, a 1-based line and column, the kind of value expected) rather than in the
/// serializer's (a .NET type, a 0-based line), and all of them at once: syntax, missing required members, values of
/// the wrong kind and, when asked, unknown members.
/// </summary>
internal static class DeployFileShapeCheck
{
    /// <summary>The top-level member editors read a JSON schema from; never an unknown member.</summary>
    private const string SchemaMember = "$schema";

    /// <summary>Every problem found; <see langword="null"/> when the file has the shape of a deploy request.</summary>
    /// <param name="json">The file's UTF-8 bytes, without a byte-order mark.</param>
    /// <param name="rejectUnknownMembers">Whether a member the request does not have is a problem.</param>
    /// <param name="isJson">Whether the text is JSON at all; when not, the one problem returned says where it stops being JSON.</param>
    public static List<KoreValidationError>? Check(ReadOnlySpan<byte> json, bool rejectUnknownMembers, out bool isJson)
    {
        isJson = false;
        var errors = new List<KoreValidationError>();
        var reader = new Utf8JsonReader(json);
        try
        {
            // A whole pass for syntax first: a document that is not JSON has no shape to speak of.
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            errors.Add(new KoreValidationError("$", null, $"not valid JSON at line {line}, column {column}: {WithoutPosition(ex.Message)}"));
            return errors;
        }

        reader = new Utf8JsonReader(json);
        isJson = true;
        reader.Read();

        var check = new Walk(errors, rejectUnknownMembers);
        check.Value(ref reader, json, RequestShape.DeployModelRequest, "$");
        return errors.Count == 0 ? null : errors;
    }

    /// <summary>Where a token starts, as a person counts in an editor: 1-based line and column.</summary>
    internal static string Position(ReadOnlySpan<byte> json, long offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < json.Length; i++)
        {
            if (json[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((json[i] & 0xC0) != 0x80)
            {
                // Continuation bytes of a UTF-8 character do not start a column of their own.
                column++;
            }
        }

        return string.Format(CultureInfo.InvariantCulture, "line {0}, column {1}", line, column);
    }

    /// <summary>The reader's sentence without its 0-based "LineNumber: 7 | BytePositionInLine: 3." tail.</summary>
    private static string WithoutPosition(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (end < 0 ? message : message.Substring(0, end)).TrimEnd();
    }

    private sealed class Walk(List<KoreValidationError> errors, bool rejectUnknownMembers)
    {
        public void Value(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, RequestShape shape, string path)
        {
            var token = reader.TokenType;
            var start = reader.TokenStartIndex;
            if (token == JsonTokenType.Null)
            {
                if (!shape.Nullable)
                {
                    Add(path, "null", $"must be {shape.Description}, not null ({Position(json, start)}).");
                }

                return;
            }

            switch (shape.Kind)
            {
                case ShapeKind.Object when token == JsonTokenType.StartObject:
                    Object(ref reader, json, shape, path);
                    return;
                case ShapeKind.Array when token == JsonTokenType.StartArray:
                    var index = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var elementPath = path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
                        if (shape.Element is { } element)
                        {
                            Value(ref reader, json, element, elementPath);
                        }
                        else
                        {
                            reader.Skip();
                        }

                        index++;
                    }

                    return;
                case ShapeKind.String when token == JsonTokenType.String:
                case ShapeKind.Number when token == JsonTokenType.Number:
                case ShapeKind.Boolean when token is JsonTokenType.True or JsonTokenType.False:
                    return;
                case ShapeKind.Integer when token == JsonTokenType.Number:
                    if (!reader.TryGetInt32(out _))
                    {
                        Add(path, Literal(ref reader), $"must be a whole number from {int.MinValue} to {int.MaxValue} ({Position(json, start)}).");
                    }

                    return;
            }

            var found = Literal(ref reader);
            reader.Skip();
            Add(path, found, $"must be {shape.Description}, not {KindOf(token)} ({Position(json, start)}).");
        }

        private void Object(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, RequestShape shape, string path)
        {
            var objectStart = reader.TokenStartIndex;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var nameStart = reader.TokenStartIndex;
                var memberPath = DeployFileRules.Join(path, name);
                reader.Read();
                seen.Add(name);
                if (shape.Members.TryGetValue(name, out var member))
                {
                    Value(ref reader, json, member.Shape, memberPath);
                    continue;
                }

                reader.Skip();
                if (rejectUnknownMembers && !(path == "$" && name == SchemaMember))
                {
                    var owner = path == "$" ? "a deploy request" : path.Substring(2);
                    var suggestion = MemberSuggestion.Closest(name, shape.Members.Keys.Where(k => k != DeployFileRules.LegacyFlagName));
                    var known = suggestion is null ? "; its members are " + string.Join(", ", shape.Members.Keys.Where(k => k != DeployFileRules.LegacyFlagName)) : "; did you mean " + suggestion + "?";
                    Add(memberPath, null, $"is not a member of {owner} ({Position(json, nameStart)}){known}");
                }
            }

            foreach (var member in shape.Members)
            {
                if (member.Value.Required && !seen.Contains(member.Key))
                {
                    Add(DeployFileRules.Join(path, member.Key), null, $"is required and missing from {(path == "$" ? "the deploy request" : path.Substring(2))} (the object at {Position(json, objectStart)}).");
                }
            }
        }

        private void Add(string path, string? value, string message) =>
            errors.Add(new KoreValidationError(Errors.TextCutter.Cut(path, DeployFileRules.MaxPathLength), value is null ? null : Errors.TextCutter.Cut(value, 100), message));

        private static string? Literal(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null => System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray()),
            _ => null,
        };

        private static string KindOf(JsonTokenType token) => token switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => "text",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "true or false",
            _ => "null",
        };
    }
}
