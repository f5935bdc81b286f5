using System.Text;

namespace KoreModelDeploy.Errors;

/// <summary>
/// Removes the API key from what the service sends back, because some services echo the request in their answers: from
/// raw bodies before they are parsed, and from every piece of text taken into an exception.
/// </summary>
internal sealed class KeyRedactor
{
    public const string Replacement = "[REDACTED]";

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
    public byte[] Redact(byte[] body)
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

    /// <summary>The text with every occurrence of the key replaced.</summary>
    public string? Redact(string? text) =>
#if NET
        text?.Replace(_key, Replacement, StringComparison.Ordinal);
#else
        text?.Replace(_key, Replacement);
#endif
}
