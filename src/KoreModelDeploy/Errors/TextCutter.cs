namespace KoreModelDeploy.Errors;

/// <summary>
/// Bounds text the package keeps or shows: values from callers in validation errors, and what the service sends back.
/// Text that may hold the API key is scrubbed by <see cref="KeyRedactor"/> before it is cut, never after, so a key
/// that straddles the cut cannot survive as a prefix.
/// </summary>
internal static class TextCutter
{
    public const string Ellipsis = "…";

    /// <summary>The text, or its first <paramref name="max"/> characters followed by an ellipsis.</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        // A surrogate pair is kept whole or not at all, so the result stays valid UTF-16.
        var length = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text.Substring(0, length) + Ellipsis;
    }
}
