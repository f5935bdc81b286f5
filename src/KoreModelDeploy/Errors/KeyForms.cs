using System.Text;
#if NET
using System.Buffers;
#endif

namespace KoreModelDeploy.Errors;

/// <summary>
/// Finds the API key in a text however it is spelled there: as is; with any of its characters percent-encoded
/// (<c>%6B</c> or <c>%6b</c>, <c>+</c> for a space) or JSON-escaped (<c>\u006b</c>, <c>\/</c>); as hexadecimal of its
/// UTF-8 bytes, plain or with one separator between bytes (<c>-</c> as <see cref="BitConverter.ToString(byte[])"/>
/// writes it, <c>:</c> or a space), in either case; or as Base64, standard or URL-safe, at each of the three alignments
/// the key can have inside a longer encoded run. Also finds a leading piece of any of these forms, of
/// <see cref="KeyRedactor.MinimumTrailingPiece"/> characters or more, where the text is cut short: at its end, before
/// an ellipsis, or before a closing quote.
/// </summary>
/// <remarks>
/// A text is scanned once: only positions holding a character that one of the forms can start with are examined, then
/// only those whose next character can follow it in some form (every match is two characters or more, see
/// <see cref="Pairs"/>), and each examination stops at the first character that does not fit. So a text without the key
/// costs one vectorised search and a bit test per candidate: answers' ids and names are scrubbed on every call.
/// </remarks>
internal sealed class KeyForms
{
    private static readonly char[] Separators = ['-', ':', ' '];

    private readonly Unit[] _units;
    private readonly byte[] _utf8;
    private readonly Base64Form[] _base64;
    private readonly Pairs _pairs;
#if NET
    private readonly SearchValues<char> _starts;
#else
    private readonly char[] _starts;
#endif

    public KeyForms(string key)
    {
        _utf8 = Encoding.UTF8.GetBytes(key);
        _units = Unit.Split(key);
        _base64 = Base64Form.All(_utf8);
        _pairs = Pairs.Of(_units, _utf8, _base64);

        var starts = new HashSet<char> { '%', '\\' };
        foreach (var form in _units[0].Forms)
        {
            starts.Add(form.Text[0]);
        }

        var high = HexDigit(_utf8[0] >> 4);
        starts.Add(high);
        starts.Add(char.ToLowerInvariant(high));
        foreach (var form in _base64)
        {
            starts.Add(form.Core[0]);
        }

#if NET
        _starts = SearchValues.Create([.. starts]);
#else
        _starts = [.. starts];
#endif
    }

    /// <summary>
    /// The first place at or after <paramref name="from"/> where the text spells the key (or a piece of it cut short):
    /// true with the span to replace, or false when there is none.
    /// </summary>
    public bool TryFind(string text, int from, out int start, out int end)
    {
        var at = from;
        while (at < text.Length && NextCandidate(text, at) is var candidate && candidate >= 0)
        {
            if (_pairs.MayStartAt(text, candidate) && TryMatchAt(text, candidate, out start, out end))
            {
                return true;
            }

            at = candidate + 1;
        }

        start = end = -1;
        return false;
    }

    private int NextCandidate(string text, int from)
    {
#if NET
        var found = text.AsSpan(from).IndexOfAny(_starts);
        return found < 0 ? -1 : from + found;
#else
        return text.IndexOfAny(_starts, from);
#endif
    }

    private bool TryMatchAt(string text, int at, out int start, out int end)
    {
        start = end = -1;
        Consider(text, at, MatchSpelled(text, at), 0, 0, ref start, ref end);
        Consider(text, at, MatchHex(text, at), 0, 0, ref start, ref end);
        foreach (var form in _base64)
        {
            var matched = MatchOrdinal(text, at, form.Core);
            Consider(text, at, matched, form.PartialBefore ? 1 : 0, form.PartialAfter ? 1 : 0, ref start, ref end);
        }

        return start >= 0;
    }

    // Keeps the longest acceptable match at this position: the whole key, or a piece of it that the text cuts short.
    private static void Consider(string text, int at, Match match, int widenBefore, int widenAfter, ref int start, ref int end)
    {
        var matchEnd = at + match.Length;
        if (!match.Complete && (match.Length < KeyRedactor.MinimumTrailingPiece || !IsCut(text, matchEnd)))
        {
            return;
        }

        var from = at;
        var to = matchEnd;
        if (widenBefore > 0 && from > 0 && IsBase64Char(text[from - 1]))
        {
            // The character before a Base64 run that starts mid-group carries the key's first bits too.
            from--;
        }

        if (match.Complete && match.IsBase64)
        {
            if (widenAfter > 0 && to < text.Length && IsBase64Char(text[to]))
            {
                to++;
            }

            while (to < text.Length && text[to] == '=' && to - matchEnd < 3)
            {
                to++;
            }
        }

        if (to - from > end - start)
        {
            start = from;
            end = to;
        }
    }

    /// <summary>Where a quote is cut short: the text's end, an ellipsis, or a closing quote.</summary>
    private static bool IsCut(string text, int at)
    {
        if (at >= text.Length)
        {
            return true;
        }

        return text[at] is '…' or '\'' or '"' or '’' or '”'
            || (at + 2 < text.Length && text[at] == '.' && text[at + 1] == '.' && text[at + 2] == '.');
    }

    /// <summary>The key as text, each character as is, percent-encoded or JSON-escaped.</summary>
    private Match MatchSpelled(string text, int at)
    {
        var position = at;
        foreach (var unit in _units)
        {
            var best = 0;
            var completed = 0;
            foreach (var form in unit.Forms)
            {
                var matched = Compare(text, position, form.Text, form.IgnoreCase);
                if (matched == form.Text.Length)
                {
                    completed = Math.Max(completed, matched);
                }

                best = Math.Max(best, matched);
            }

            if (completed == 0)
            {
                return new Match(position - at + best, complete: false, isBase64: false);
            }

            position += completed;
        }

        return new Match(position - at, complete: true, isBase64: false);
    }

    /// <summary>The key's UTF-8 bytes as hexadecimal digits of either case, with no separator or the same one between every two bytes.</summary>
    private Match MatchHex(string text, int at)
    {
        var position = at;
        char? separator = null;
        for (var i = 0; i < _utf8.Length; i++)
        {
            if (i == 1 && position < text.Length && Array.IndexOf(Separators, text[position]) >= 0)
            {
                separator = text[position];
            }

            if (i > 0 && separator is { } expected)
            {
                if (position >= text.Length || text[position] != expected)
                {
                    return new Match(position - at, complete: false, isBase64: false);
                }

                position++;
            }

            for (var shift = 4; shift >= 0; shift -= 4)
            {
                if (position >= text.Length || !SameIgnoringCase(text[position], HexDigit((_utf8[i] >> shift) & 0xF)))
                {
                    return new Match(position - at, complete: false, isBase64: false);
                }

                position++;
            }
        }

        return new Match(position - at, complete: true, isBase64: false);
    }

    private static Match MatchOrdinal(string text, int at, string expected)
    {
        var matched = Compare(text, at, expected, ignoreCase: false);
        return new Match(matched, matched == expected.Length, isBase64: true);
    }

    /// <summary>How many characters of <paramref name="expected"/> the text holds from <paramref name="at"/> on.</summary>
    private static int Compare(string text, int at, string expected, bool ignoreCase)
    {
        var i = 0;
        while (i < expected.Length && at + i < text.Length
            && (ignoreCase ? SameIgnoringCase(text[at + i], expected[i]) : text[at + i] == expected[i]))
        {
            i++;
        }

        return i;
    }

    private static bool SameIgnoringCase(char a, char b) =>
        a == b || ((a | 0x20) == (b | 0x20) && (uint)((a | 0x20) - 'a') <= 'z' - 'a');

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static bool IsBase64Char(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '-' or '_';

    private readonly struct Match(int length, bool complete, bool isBase64)
    {
        public int Length { get; } = length;

        public bool Complete { get; } = complete;

        public bool IsBase64 { get; } = isBase64;
    }

    /// <summary>One character of the key (a surrogate pair counts as one) and the ways a text may spell it.</summary>
    private sealed class Unit(Spelling[] forms)
    {
        public Spelling[] Forms { get; } = forms;

        public static Unit[] Split(string key)
        {
            var units = new List<Unit>(key.Length);
            for (var i = 0; i < key.Length; i++)
            {
                var literal = char.IsHighSurrogate(key[i]) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1])
                    ? key.Substring(i++, 2)
                    : key[i].ToString();
                var forms = new List<Spelling> { new(literal, IgnoreCase: false) };

                var percent = new StringBuilder();
                foreach (var b in Encoding.UTF8.GetBytes(literal))
                {
                    percent.Append('%').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
                }

                forms.Add(new(percent.ToString(), IgnoreCase: true));

                var escaped = new StringBuilder();
                foreach (var c in literal)
                {
                    escaped.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                }

                forms.Add(new(escaped.ToString(), IgnoreCase: true));
                switch (literal)
                {
                    case " ":
                        forms.Add(new("+", IgnoreCase: false));
                        break;
                    case "/" or "\\" or "\"":
                        forms.Add(new("\\" + literal, IgnoreCase: false));
                        break;
                }

                units.Add(new Unit([.. forms]));
            }

            return [.. units];
        }
    }

    private readonly record struct Spelling(string Text, bool IgnoreCase);

    /// <summary>
    /// The first two characters any form can start with, as a bit set over ASCII: a cheap test that rules out almost
    /// every candidate position before it is examined. Sound because every match the search accepts is two characters
    /// or longer (the whole key in some form, or a piece of <see cref="KeyRedactor.MinimumTrailingPiece"/> or more);
    /// a pair with a character outside ASCII is always examined.
    /// </summary>
    private sealed class Pairs
    {
        private readonly ulong[] _bits = new ulong[128 * 2];

        public static Pairs Of(Unit[] units, byte[] utf8, Base64Form[] base64)
        {
            var pairs = new Pairs();
            foreach (var first in units[0].Forms)
            {
                if (first.Text.Length >= 2)
                {
                    pairs.Add(first.Text[0], first.Text[1], first.IgnoreCase, first.IgnoreCase);
                }
                else if (units.Length > 1)
                {
                    foreach (var next in units[1].Forms)
                    {
                        pairs.Add(first.Text[0], next.Text[0], first.IgnoreCase, next.IgnoreCase);
                    }
                }
                else
                {
                    pairs.AddAnyAfter(first.Text[0]);
                }
            }

            pairs.Add(HexDigit(utf8[0] >> 4), HexDigit(utf8[0] & 0xF), ignoreCaseFirst: true, ignoreCaseSecond: true);
            foreach (var form in base64)
            {
                if (form.Core.Length >= 2)
                {
                    pairs.Add(form.Core[0], form.Core[1], ignoreCaseFirst: false, ignoreCaseSecond: false);
                }
                else
                {
                    pairs.AddAnyAfter(form.Core[0]);
                }
            }

            return pairs;
        }

        public bool MayStartAt(string text, int at)
        {
            if (at + 1 >= text.Length)
            {
                // One character left: the match test is as cheap as this one.
                return true;
            }

            var first = text[at];
            var second = text[at + 1];
            return first >= 128 || second >= 128 || (_bits[(first * 2) + (second >> 6)] & (1UL << (second & 63))) != 0;
        }

        private void Add(char first, char second, bool ignoreCaseFirst, bool ignoreCaseSecond)
        {
            foreach (var a in Cases(first, ignoreCaseFirst))
            {
                foreach (var b in Cases(second, ignoreCaseSecond))
                {
                    if (a < 128 && b < 128)
                    {
                        _bits[(a * 2) + (b >> 6)] |= 1UL << (b & 63);
                    }
                }
            }
        }

        private void AddAnyAfter(char first)
        {
            foreach (var a in Cases(first, ignoreCase: false))
            {
                if (a < 128)
                {
                    _bits[a * 2] = _bits[(a * 2) + 1] = ulong.MaxValue;
                }
            }
        }

        // The case variants SameIgnoringCase accepts: ASCII letters only.
        private static char[] Cases(char c, bool ignoreCase) =>
            ignoreCase && (uint)((c | 0x20) - 'a') <= 'z' - 'a' ? [(char)(c | 0x20), (char)(c & ~0x20)] : [c];
    }

    /// <summary>
    /// The Base64 characters that depend on the key's bits alone, for one alignment and one alphabet; the characters
    /// around them mix the key's bits with its neighbours' and are taken along when present.
    /// </summary>
    private sealed class Base64Form(string core, bool partialBefore, bool partialAfter)
    {
        public string Core { get; } = core;

        public bool PartialBefore { get; } = partialBefore;

        public bool PartialAfter { get; } = partialAfter;

        public static Base64Form[] All(byte[] key)
        {
            var forms = new List<Base64Form>();
            for (var alignment = 0; alignment < 3; alignment++)
            {
                var bytes = new byte[alignment + key.Length];
                Buffer.BlockCopy(key, 0, bytes, alignment, key.Length);
                var encoded = Convert.ToBase64String(bytes);

                // Character i carries bits [6i, 6i + 6); the key's bits are [8 * alignment, 8 * (alignment + length)).
                var firstBit = 8 * alignment;
                var endBit = 8 * (alignment + key.Length);
                var first = (firstBit + 5) / 6;
                var last = (endBit / 6) - 1;
                if (last < first)
                {
                    continue;
                }

                var core = encoded.Substring(first, last - first + 1);
                var partialBefore = firstBit % 6 != 0;
                var partialAfter = endBit % 6 != 0;
                Add(forms, new Base64Form(core, partialBefore, partialAfter));
                Add(forms, new Base64Form(core.Replace('+', '-').Replace('/', '_'), partialBefore, partialAfter));
            }

            return [.. forms];
        }

        private static void Add(List<Base64Form> forms, Base64Form form)
        {
            if (!forms.Exists(f => f.Core == form.Core))
            {
                forms.Add(form);
            }
        }
    }
}
