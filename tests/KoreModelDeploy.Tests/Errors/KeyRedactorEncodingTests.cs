using System.Text;
using KoreModelDeploy.Errors;

#pragma warning disable CA1845, CA1872 // texts built to be read; Convert.ToHexString is not on .NET Framework, which runs these tests too

namespace KoreModelDeploy.Tests.Errors;

/// <summary>
/// The key is scrubbed from a text in every form a message can carry it: as is, JSON-escaped, percent-encoded,
/// hexadecimal with or without separators, Base64 at any alignment in either alphabet, and a piece of any of these where
/// the text is cut short. Text without the key is returned as it is.
/// </summary>
public sealed class KeyRedactorEncodingTests
{
    private const string Key = "kg-ENCODED-5e0c19ab-SECRET";

    // Its Base64 holds '+' and '/', so the URL-safe alphabet spells it differently.
    private const string Base64Key = "kg-~~~>>>?~?>-SECRET";

    private static readonly KeyRedactor Redactor = new(Key);

    public static TheoryData<string, string> Spellings => new()
    {
        { "as is", Key },
        { "first character JSON-escaped", @"\u006b" + Key.Substring(1) },
        { "every character JSON-escaped, upper case", Escape(Key, c => $"\\u{(int)c:X4}") },
        { "every character JSON-escaped, lower case", Escape(Key, c => $"\\u{(int)c:x4}") },
        { "every character percent-encoded, upper case", Escape(Key, c => $"%{(int)c:X2}") },
        { "every character percent-encoded, lower case", Escape(Key, c => $"%{(int)c:x2}") },
        { "some characters percent-encoded", "%6bg%2DENCODED-5e0c19ab-SECRE%54" },
        { "hex, upper case", Hex(Key).ToUpperInvariant() },
        { "hex, lower case", Hex(Key).ToLowerInvariant() },
        { "dash-separated hex, upper case", BitConverter.ToString(Encoding.UTF8.GetBytes(Key)) },
        { "dash-separated hex, lower case", BitConverter.ToString(Encoding.UTF8.GetBytes(Key)).ToLowerInvariant() },
        { "colon-separated hex", BitConverter.ToString(Encoding.UTF8.GetBytes(Key)).Replace('-', ':') },
        { "space-separated hex", BitConverter.ToString(Encoding.UTF8.GetBytes(Key)).Replace('-', ' ') },
        { "Base64", Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)) },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Each_spelling_of_the_key_is_replaced_and_the_text_around_it_kept(string spelling, string written)
    {
        var text = $"job failed: '{written}' was refused";

        var scrubbed = Redactor.Redact(text);

        scrubbed.Should().Be("job failed: '[REDACTED]' was refused", spelling);
        Redactor.AppearsIn(text).Should().BeTrue(spelling);
        Redactor.AppearsIn(scrubbed).Should().BeFalse(spelling);
    }

    [Fact]
    public void A_space_in_the_key_may_be_written_as_a_plus_or_as_percent_20()
    {
        var redactor = new KeyRedactor("kg-with space-SECRET");

        redactor.Redact("a kg-with+space-SECRET b").Should().Be("a [REDACTED] b");
        redactor.Redact("a kg-with%20space-SECRET b").Should().Be("a [REDACTED] b");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Base64_of_the_key_inside_a_longer_run_is_replaced_at_every_alignment(int offset)
    {
        var redactor = new KeyRedactor(Base64Key);
        var bytes = Encoding.UTF8.GetBytes(new string('z', offset) + Base64Key + "tail-bytes");
        var standard = Convert.ToBase64String(bytes);
        var urlSafe = standard.Replace('+', '-').Replace('/', '_').TrimEnd('=');
        standard.Should().ContainAny(["+", "/"], "the URL-safe spelling must differ for this test to mean anything");

        foreach (var encoded in new[] { standard, urlSafe })
        {
            var scrubbed = redactor.Redact("token=" + encoded + " end")!;

            scrubbed.Should().Contain(KeyRedactor.Replacement).And.StartWith("token=").And.EndWith(" end");
            scrubbed.Should().NotContainAny(WindowsOfKeyBits(encoded, offset, Encoding.UTF8.GetByteCount(Base64Key)), "no 8 characters spelling the key's bits alone are left");
        }
    }

    [Fact]
    public void The_keys_own_Base64_goes_with_its_padding()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Key));
        encoded.Should().EndWith("=");

        Redactor.Redact("b64:" + encoded + ";").Should().Be("b64:[REDACTED];");
    }

    public static TheoryData<string, string> CutPieces => new()
    {
        { ".NET's dash-separated hex, cut with an ellipsis", "Received chunk header length could not be parsed: '" + BitConverter.ToString(Encoding.UTF8.GetBytes(Key)).Substring(0, 11) + "…" },
        { "dash-separated hex cut in the middle of a byte", "parsed: '" + BitConverter.ToString(Encoding.UTF8.GetBytes(Key)).Substring(0, 13) + "…" },
        { "plain hex at the end of the text", "line " + Hex(Key).Substring(0, 12) },
        { "the key, cut by TextCutter", TextCutter.Cut("echo " + Key, 15) },
        { "the key, before three dots", "echo " + Key.Substring(0, 9) + "..." },
        { "the key, before a closing quote", "echo '" + Key.Substring(0, 9) + "'" },
        { "percent-encoded, at the end", "q=" + Escape(Key.Substring(0, 4), c => $"%{(int)c:X2}") },
        { "JSON-escaped, at the end", "m=" + Escape(Key.Substring(0, 3), c => $"\\u{(int)c:x4}") },
        { "Base64, at the end", "t=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)).Substring(0, 10) },
    };

    [Theory]
    [MemberData(nameof(CutPieces))]
    public void A_piece_of_eight_characters_or_more_where_the_text_is_cut_short_is_replaced(string where, string text)
    {
        var scrubbed = Redactor.Redact(text)!;

        scrubbed.Should().Contain(KeyRedactor.Replacement, where);
        Redactor.AppearsIn(text).Should().BeTrue(where);
        scrubbed.Should().NotContainAny(["kg-ENC", "6B-67-2D", "6B672D", "6b672d", "%6B%67", "a2ctRU5D", "\\u006b\\u0067"], where);
    }

    [Fact]
    public void A_shorter_piece_or_a_piece_the_text_goes_on_after_is_ordinary_text()
    {
        Redactor.Redact("echo " + Key.Substring(0, 7)).Should().Be("echo " + Key.Substring(0, 7));
        Redactor.Redact("echo " + Key.Substring(0, 12) + " and more").Should().Be("echo " + Key.Substring(0, 12) + " and more");
        Redactor.AppearsIn("echo " + Key.Substring(0, 7)).Should().BeFalse();
    }

    [Fact]
    public void Text_without_the_key_is_returned_as_it_is()
    {
        const string text = "GET /api/public/dock-status/ds-d0a1b2cd-b3c9 answered 50% of 6B-67 and a2ct at 0x6B";

        Redactor.Redact(text).Should().BeSameAs(text);
        Redactor.AppearsIn(text).Should().BeFalse();
    }

    [Fact]
    public void A_Base64_run_right_after_a_replaced_key_does_not_reach_back_into_the_replacement()
    {
        // At alignment 1 the character before the run carries key bits and is taken along; here it is the key's last.
        var misaligned = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + Key)).Substring(2);

        Redactor.Redact(Key + misaligned).Should().StartWith("[REDACTED][REDACTED]").And.NotContain("SECRET");
    }

    [Fact]
    public void Every_occurrence_in_every_form_is_replaced()
    {
        var text = Key + " then " + BitConverter.ToString(Encoding.UTF8.GetBytes(Key)) + " then " + Escape(Key, c => $"%{(int)c:X2}");

        Redactor.Redact(text).Should().Be("[REDACTED] then [REDACTED] then [REDACTED]");
    }

    // Keys whose first two characters take every kind of first form: a space (+), a slash (\/), a quote, a backslash,
    // letters of both cases, a digit, a letter outside ASCII, and a character outside the BMP (a surrogate pair).
    [Theory]
    [InlineData(" kg-space-first-SECRET")]
    [InlineData("/kg-slash-first-SECRET")]
    [InlineData("\"kg-quote-first-SECRET")]
    [InlineData("\\kg-backslash-first-SECRET")]
    [InlineData("Kg-UPPER-first-SECRET")]
    [InlineData("9kg-digit-first-SECRET")]
    [InlineData("\u00e9kg-accent-first-SECRET")]
    [InlineData("\U0001F511kg-emoji-first-SECRET")]
    [InlineData("k g/\"-second-characters-SECRET")]
    public void Every_form_is_found_whatever_the_keys_first_two_characters_are(string key)
    {
        var redactor = new KeyRedactor(key);
        var utf8 = Encoding.UTF8.GetBytes(key);
        var hex = BitConverter.ToString(utf8);
        var forms = new List<string>
        {
            key,
            Escape(key, c => $"\\u{(int)c:X4}"),
            Escape(key, c => $"\\u{(int)c:x4}"),
            string.Concat(utf8.Select(b => $"%{b:X2}")),
            string.Concat(utf8.Select(b => $"%{b:x2}")),
            key.Replace(" ", "+", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal),
            hex,
            hex.ToLowerInvariant(),
            hex.Replace("-", string.Empty, StringComparison.Ordinal),
            hex.Replace('-', ':').ToLowerInvariant(),
        };
        for (var offset = 0; offset < 3; offset++)
        {
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('z', offset)).Concat(utf8).Concat(Encoding.UTF8.GetBytes("tail")).ToArray());
            forms.Add(encoded);
            forms.Add(encoded.Replace('+', '-').Replace('/', '_'));
        }

        foreach (var form in forms.Distinct())
        {
            var scrubbed = redactor.Redact("before " + form + " after")!;

            scrubbed.Should().Contain(KeyRedactor.Replacement, form).And.NotContain("SECRET", form);
            redactor.Redact("cut: " + form.Substring(0, Math.Min(form.Length, 12)) + "…").Should().Contain(KeyRedactor.Replacement, "a leading piece of " + form + " where the text is cut");
        }
    }

    [Fact]
    public void Texts_full_of_the_characters_a_form_starts_with_but_never_spelling_the_key_are_returned_as_they_are()
    {
        // Every character here can start some form of the key ('k', '6', '%', '\\', the Base64 cores' first letters):
        // the search must examine them and let them all go.
        var redactor = new KeyRedactor(Key);
        var text = "k6%\\a2ctRU5D kg-ENCODEX %6B%68 \\u006bx 6B-68 a2ctRU5E " + string.Concat(Enumerable.Repeat("k6%\\", 50));

        redactor.Redact(text).Should().BeSameAs(text);
    }

    private static string Escape(string text, Func<char, string> escape) => string.Concat(text.Select(escape));

    private static string Hex(string text) => BitConverter.ToString(Encoding.UTF8.GetBytes(text)).Replace("-", string.Empty);

    // Every 8-character run of the encoded text whose characters carry bits of the key alone.
    private static IEnumerable<string> WindowsOfKeyBits(string encoded, int offset, int keyBytes)
    {
        var first = ((8 * offset) + 5) / 6;
        var last = (8 * (offset + keyBytes) / 6) - 1;
        for (var start = first; start + KeyRedactor.MinimumTrailingPiece - 1 <= last; start++)
        {
            yield return encoded.Substring(start, KeyRedactor.MinimumTrailingPiece);
        }
    }
}
