using System.Text;

namespace KoreModelDeploy.Errors;

/// <summary>
/// Removes the API key from what comes from outside the package, because some services echo the request in their
/// answers and .NET quotes what it received in its own error messages: from raw bodies before they are parsed, and from
/// every piece of text taken into an exception, a log entry or a span.
/// </summary>
internal sealed class KeyRedactor
{
    public const string Replacement = "[REDACTED]";

    /// <summary>
    /// The shortest trailing piece of the key that is taken for the key where a body was cut before it could be
    /// scrubbed. Shorter pieces are too likely to be ordinary text, and too short to help anyone guess the key.
    /// </summary>
    public const int MinimumTrailingPiece = 8;

    private static readonly byte[] ReplacementUtf8 = Encoding.UTF8.GetBytes(Replacement);

    private readonly string _key;
    private readonly byte[] _keyUtf8;

    /// <param name="key">The API key; never empty, since the options validator requires one.</param>
    public KeyRedactor(string key)
    {
        _key = key;
        _keyUtf8 = Encoding.UTF8.GetBytes(key);
    }

    /// <summary>The body with every occurrence of the key's UTF-8 bytes replaced; the same array when there is none.</summary>
    public byte[] Redact(byte[] body) => Redact(body, wasCut: false);

    /// <summary>
    /// The body with every occurrence of the key replaced and, when the body was cut at a size limit before it could be
    /// scrubbed, a trailing piece of the key (<see cref="MinimumTrailingPiece"/> bytes or more) replaced too: the key
    /// went on past the cut. The same array when there is nothing to replace.
    /// </summary>
    public byte[] Redact(byte[] body, bool wasCut)
    {
        var redacted = RedactWhole(body);
        var trailing = wasCut ? TrailingPieceLength(redacted) : 0;
        if (trailing == 0)
        {
            return redacted;
        }

        var output = new byte[redacted.Length - trailing + ReplacementUtf8.Length];
        Buffer.BlockCopy(redacted, 0, output, 0, redacted.Length - trailing);
        Buffer.BlockCopy(ReplacementUtf8, 0, output, redacted.Length - trailing, ReplacementUtf8.Length);
        return output;
    }

    /// <summary>The text with every occurrence of the key replaced.</summary>
    public string? Redact(string? text) =>
#if NET
        text?.Replace(_key, Replacement, StringComparison.Ordinal);
#else
        text?.Replace(_key, Replacement);
#endif

    /// <summary>The text with the key replaced, then cut to <paramref name="max"/> characters: in that order, always.</summary>
    public string RedactAndCut(string text, int max) => TextCutter.Cut(Redact(text)!, max);

    /// <summary>Whether the text holds the key.</summary>
    public bool AppearsIn(string? text) =>
#if NET
        text is not null && text.Contains(_key, StringComparison.Ordinal);
#else
        text is not null && text.IndexOf(_key, StringComparison.Ordinal) >= 0;
#endif

    private byte[] RedactWhole(byte[] body)
    {
        var at = body.AsSpan().IndexOf(_keyUtf8);
        if (at < 0)
        {
            return body;
        }

        using var output = new MemoryStream(body.Length);
        var start = 0;
        while (at >= 0)
        {
            output.Write(body, start, at);
            output.Write(ReplacementUtf8, 0, ReplacementUtf8.Length);
            start += at + _keyUtf8.Length;
            at = body.AsSpan(start).IndexOf(_keyUtf8);
        }

        output.Write(body, start, body.Length - start);
        return output.ToArray();
    }

    // The longest proper prefix of the key, of at least MinimumTrailingPiece bytes, that the body ends with.
    private int TrailingPieceLength(byte[] body)
    {
        var span = body.AsSpan();
        for (var length = Math.Min(_keyUtf8.Length - 1, body.Length); length >= MinimumTrailingPiece; length--)
        {
            if (span.EndsWith(_keyUtf8.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }
}
