using System.Text.Json;

namespace KoreModelDeploy.Serialization;

/// <summary>
/// What a deploy file must not do although it is valid JSON: name a field twice in one object (JSON readers disagree
/// about which value wins, and the last one silently won here), or give both spellings of the previously-deployed flag
/// with different values. Runs over a document the serializer has already read, so it sees valid JSON only.
/// </summary>
internal static class DeployFileRules
{
    private const string FlagName = "isDeployedPreviously";
    internal const string LegacyFlagName = "isDeployedPreviouly";
    internal const int MaxPathLength = 200;

    public static List<KoreValidationError>? Check(ReadOnlySpan<byte> utf8Json)
    {
        List<KoreValidationError>? errors = null;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });

        // One entry per open object or array: the names seen so far (objects only), and the path to it.
        var scopes = new Stack<Scope>();
        string? pendingName = null;
        JsonTokenType? flag = null;
        JsonTokenType? legacyFlag = null;

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                {
                    var name = reader.GetString()!;
                    var scope = scopes.Peek();
                    if (!scope.Names!.Add(name))
                    {
                        (errors ??= []).Add(new KoreValidationError(
                            Cut(scope.Path + Segment(name)),
                            null,
                            "appears more than once in the same object; a deploy file must give each field once"));
                    }

                    pendingName = name;
                    continue;
                }

                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                {
                    var path = scopes.Count == 0 ? "$" : scopes.Peek().ChildPath(pendingName);
                    scopes.Push(new Scope(path, reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null));
                    break;
                }

                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    scopes.Pop();
                    if (scopes.Count > 0)
                    {
                        scopes.Peek().Index++;
                    }

                    break;

                default:
                    if (scopes.Count == 1 && pendingName is FlagName)
                    {
                        flag = reader.TokenType;
                    }
                    else if (scopes.Count == 1 && pendingName is LegacyFlagName)
                    {
                        legacyFlag = reader.TokenType;
                    }

                    if (scopes.Count > 0)
                    {
                        scopes.Peek().Index++;
                    }

                    break;
            }

            pendingName = null;
        }

        if (flag is { } a && legacyFlag is { } b && a != b)
        {
            (errors ??= []).Add(new KoreValidationError(
                "$." + LegacyFlagName,
                Literal(b),
                $"contradicts $.{FlagName} ({Literal(a)}); the two spellings of the flag must agree, or give only one"));
        }

        return errors;
    }

    private static string Literal(JsonTokenType token) => token switch
    {
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Segment(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return "['" + name.Replace("'", "\\'") + "']";
            }
        }

        return "." + name;
    }

    /// <summary>The path of member <paramref name="name"/> of the object at <paramref name="path"/>.</summary>
    internal static string Join(string path, string name) => path + Segment(name);

    private static string Cut(string path) => Errors.TextCutter.Cut(path, MaxPathLength);

    private sealed class Scope(string path, HashSet<string>? names)
    {
        public string Path { get; } = path;

        public HashSet<string>? Names { get; } = names;

        /// <summary>For arrays: the index of the next element.</summary>
        public int Index { get; set; }

        public string ChildPath(string? name) => name is null
            ? Path + "[" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]"
            : Path + Segment(name);
    }
}
