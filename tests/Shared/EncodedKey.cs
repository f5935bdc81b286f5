using System.Text;

namespace KoreModelDeploy.Testing;

/// <summary>
/// What finding a key in captured output means, for the SDK's and the tool's test projects alike: every 10-character
/// piece of it as is, and the same pieces in hexadecimal (plain or dash-separated, either case), percent-encoded and
/// JSON-escaped, and every 12-character run of its Base64 at each of the three alignments, standard or URL-safe.
/// </summary>
internal static class EncodedKey
{
    public static IReadOnlyList<string> Pieces(string key)
    {
        var pieces = new List<string>();
        for (var start = 0; start + 10 <= key.Length; start++)
        {
            var piece = key.Substring(start, 10);
            var dashed = BitConverter.ToString(Encoding.UTF8.GetBytes(piece));
            pieces.Add(piece);
            pieces.Add(dashed);
            pieces.Add(dashed.ToLowerInvariant());
            var plain = Hex(dashed, string.Empty);
            pieces.Add(plain);
            pieces.Add(plain.ToLowerInvariant());
            pieces.Add("%" + Hex(dashed, "%"));
            pieces.Add(string.Concat(piece.Select(c => $"\\u{(int)c:x4}")));
        }

        for (var alignment = 0; alignment < 3; alignment++)
        {
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('\0', alignment) + key));
            for (var start = 4; start + 12 <= encoded.Length - 4; start++)
            {
                var run = encoded.Substring(start, 12);
                pieces.Add(run);
                pieces.Add(run.Replace('+', '-').Replace('/', '_'));
            }
        }

        return [.. pieces.Distinct()];
    }

    /// <summary>The pieces the text holds; empty when it holds none.</summary>
    public static IReadOnlyList<string> FoundIn(string text, string key) =>
        [.. Pieces(key).Where(p => Holds(text, p))];

    // Linked into the .NET Framework test build too, where Contains and Replace take no comparison.
    private static bool Holds(string text, string piece) =>
#if NET
        text.Contains(piece, StringComparison.Ordinal);
#else
        text.IndexOf(piece, StringComparison.Ordinal) >= 0;
#endif

    private static string Hex(string dashed, string separator) =>
#if NET
        dashed.Replace("-", separator, StringComparison.Ordinal);
#else
        dashed.Replace("-", separator);
#endif
}
