using System.Text;
using System.Text.Json;

namespace KoreModelDeploy.Cli.DeployFiles;

/// <summary>
/// Finds a JSON string (a value or a member name) whose escapes make no Unicode text: an unpaired surrogate such as
/// <c>"\ud800"</c>. System.Text.Json parses such a document and fails only when the string is read, so without this
/// check a manifest, a deploy file or a <c>--set</c> array failed late, as "unexpected error" (exit 1).
/// </summary>
internal static class JsonUnicode
{
    /// <summary>
    /// Where the first such string starts, as <c>line 3, byte 12</c>; <see langword="null"/> when every string is text,
    /// or when the document is not JSON at all (its parser says what is wrong then).
    /// </summary>
    public static string? FindBrokenString(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    try
                    {
                        _ = reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        return Where(bytes, (int)reader.TokenStartIndex);
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>What the problem is, for a violation that names where it is.</summary>
    public static string Describe(string where) =>
        $"the string at {where} holds an unpaired UTF-16 surrogate escape (such as \\ud800 without its pair), which is no Unicode text";

    private static string Where(byte[] bytes, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return FormattableString.Invariant($"line {line}, byte {offset - lineStart + 1}");
    }
}
