using System.Text;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>
/// The one rule for text from outside the tool (the service's messages and ids, a manifest's model ids) in a line of
/// text, on a terminal or not: no control characters. An escape sequence could clear the screen (<c>ESC[2J</c>), set
/// the terminal's title (OSC) or colour what follows; a carriage return could overwrite the line with something else;
/// a direction override (U+202E) could show it backwards. Line breaks become spaces, so one message stays one line;
/// every other control character is dropped; a tab is kept. JSON output keeps the exact text, escaped by its writer.
/// </summary>
internal static class OutsideText
{
    /// <summary><paramref name="text"/> as one printable line.</summary>
    public static string ForLine(string text)
    {
        if (!NeedsCleaning(text))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\r' or '\n' or '\u2028' or '\u2029' or '\u0085')
            {
                clean.Append(' ');
            }
            else if (!Drops(c))
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    /// <summary>Each line of <paramref name="text"/> cleaned, the line breaks between them kept.</summary>
    public static string ForLines(string text) =>
        NeedsCleaning(text) ? string.Join(Environment.NewLine, text.Split('\n').Select(line => ForLine(line.TrimEnd('\r')))) : text;

    private static bool NeedsCleaning(string text)
    {
        foreach (var c in text)
        {
            if (c is '\r' or '\n' or '\u2028' or '\u2029' or '\u0085' || Drops(c))
            {
                return true;
            }
        }

        return false;
    }

    // C0 and C1 controls and DEL (a tab excepted), and the bidirectional embeddings, overrides and isolates.
    private static bool Drops(char c) =>
        (char.IsControl(c) && c != '\t') || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
