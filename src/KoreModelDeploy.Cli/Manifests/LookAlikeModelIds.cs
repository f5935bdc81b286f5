using System.Globalization;
using System.Text;

namespace KoreModelDeploy.Cli.Manifests;

/// <summary>
/// Refuses model ids that can look like another: ones holding an invisible or direction-changing character (Unicode's
/// format category: U+200B, U+202E, U+FEFF…), a combining mark (<c>e</c> + U+0301 looks like <c>é</c>, which is one
/// character), or a compatibility form (a ligature such as <c>ﬁ</c>, a full-width letter). Each would plan as a model
/// of its own beside the one it looks like.
/// </summary>
/// <remarks>
/// The tool is built without ICU (invariant globalization), so <see cref="string.Normalize()"/> changes nothing here:
/// instead of comparing normalized forms, an id that has a form another spelling could share is refused, naming the
/// ids it may look like.
/// </remarks>
internal static class LookAlikeModelIds
{
    /// <summary>Every model id of the manifest with the path that names it; a violation for each that can look like another.</summary>
    public static IEnumerable<ManifestViolation> Check(IReadOnlyList<(string Path, string ModelId)> ids)
    {
        foreach (var (path, id) in ids)
        {
            if (FirstTroublesome(id) is not { } found)
            {
                continue;
            }

            var others = ids
                .Where(o => !string.Equals(o.ModelId, id, StringComparison.Ordinal) && MayLookAlike(o.ModelId, id))
                .Select(o => $"{o.Path} '{Visible(o.ModelId)}'")
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var alike = others.Count > 0 ? $"; it may look the same as {string.Join(", ", others)}" : string.Empty;
            yield return new ManifestViolation(path, $"modelId '{Visible(id)}' holds {found}, so another spelling of it looks the same{alike}; write it without.");
        }
    }

    /// <summary>The id with every such character written as <c>&lt;U+200B&gt;</c>, so a message shows it.</summary>
    public static string Visible(string id)
    {
        var text = new StringBuilder(id.Length);
        foreach (var rune in id.EnumerateRunes())
        {
            if (Describe(rune) is null)
            {
                text.Append(rune.ToString());
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"<U+{rune.Value:X4}>");
            }
        }

        return text.ToString();
    }

    private static string? FirstTroublesome(string id)
    {
        foreach (var rune in id.EnumerateRunes())
        {
            if (Describe(rune) is { } description)
            {
                return description;
            }
        }

        return null;
    }

    private static string? Describe(Rune rune)
    {
        var code = string.Create(CultureInfo.InvariantCulture, $"U+{rune.Value:X4}");
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Format => $"an invisible or direction-changing character ({code})",
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => $"a combining mark ({code})",
            _ when IsCompatibilityForm(rune.Value) => $"a compatibility form ({code}) that stands for other characters",
            _ => null,
        };
    }

    // Latin and Armenian ligatures; full-width and half-width forms.
    private static bool IsCompatibilityForm(int value) => value is >= 0xFB00 and <= 0xFB17 or >= 0xFF01 and <= 0xFFEE;

    /// <summary>
    /// Whether two ids may show alike: the same letters where both are plain ASCII, once the characters
    /// <see cref="Describe"/> names are dropped; any other letter, or one followed by a combining mark, may match any.
    /// </summary>
    private static bool MayLookAlike(string a, string b)
    {
        var left = Skeleton(a);
        var right = Skeleton(b);
        return left.Count == right.Count && left.Zip(right).All(p => p.First is null || p.Second is null || p.First == p.Second);
    }

    private static List<char?> Skeleton(string id)
    {
        var letters = new List<char?>();
        foreach (var rune in id.EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Format:
                    break;
                case UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark:
                    if (letters.Count > 0)
                    {
                        letters[^1] = null;
                    }

                    break;
                default:
                    letters.Add(rune.IsAscii && !IsCompatibilityForm(rune.Value) ? (char)rune.Value : null);
                    break;
            }
        }

        return letters;
    }
}
