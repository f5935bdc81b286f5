using System.Text;

namespace KoreModelDeploy.Errors;

/// <summary>
/// Removes the API key from what comes from outside the package, because some services echo the request in their
/// answers and .NET quotes what it received in its own error messages: from raw bodies before they are parsed, and from
/// every piece of text taken into an exception, a log entry, a span or an answer's fields, after it was decoded, in every
/// form <see cref="KeyForms"/> recognises.
/// </summary>
/// <remarks>
/// Bytes are scrubbed of the key as sent (UTF-8) only, which keeps a successful answer's cost as it was; texts, which are
/// short and taken from answers and error paths, are scrubbed of every form.
/// </remarks>
internal sealed class KeyRedactor
{
    public const string Replacement = "[REDACTED]";

    /// <summary>
    /// The shortest leading piece of the key (counted in characters of the form it is written in) that is taken for the
    /// key where a text or body was cut short before it could be scrubbed. Shorter pieces are too likely to be ordinary
    /// text, and too short to help anyone guess the key.
    /// </summary>
    public const int MinimumTrailingPiece = 8;

    private static readonly byte[] ReplacementUtf8 = Encoding.UTF8.GetBytes(Replacement);

    private readonly byte[] _keyUtf8;
    private readonly KeyForms _forms;

    /// <param name="key">The API key; never empty, since the options validator requires one.</param>
    public KeyRedactor(string key)
    {
        _keyUtf8 = Encoding.UTF8.GetBytes(key);
        _forms = new KeyForms(key);
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

    /// <summary>
    /// The text with the key replaced wherever <see cref="KeyForms"/> finds it: as is, percent-encoded, JSON-escaped,
    /// in hexadecimal or in Base64, whole or as a piece where the text is cut short. The same instance when there is none.
    /// </summary>
    public string? Redact(string? text)
    {
        if (text is null || !_forms.TryFind(text, 0, out var start, out var end))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        var copied = 0;
        do
        {
            // A Base64 match may take one character before where the search began: one the last replacement took.
            start = Math.Max(start, copied);
            output.Append(text, copied, start - copied).Append(Replacement);
            copied = end;
        }
        while (copied < text.Length && _forms.TryFind(text, copied, out start, out end));

        return output.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>The text with the key replaced, then cut to <paramref name="max"/> characters: in that order, always.</summary>
    public string RedactAndCut(string text, int max) => TextCutter.Cut(Redact(text)!, max);

    /// <summary>Whether the text holds the key, in any of the forms <see cref="Redact(string?)"/> replaces.</summary>
    public bool AppearsIn(string? text) => text is not null && _forms.TryFind(text, 0, out _, out _);

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
