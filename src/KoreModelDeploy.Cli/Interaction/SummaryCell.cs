using System.Text;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>
/// Text in a cell of the step summary's Markdown table, shown as written: GitHub renders the summary as Markdown with
/// HTML, so a service message holding <c>|</c>, <c>`</c>, <c>*</c>, <c>_</c>, <c>[…](…)</c> or <c>&lt;img&gt;</c> would end
/// the cell, format the text, make a link or an image. HTML's three characters become entities, Markdown's
/// punctuation is escaped with a backslash; the caller has already made the text one line.
/// </summary>
internal static class SummaryCell
{
    public static string Escape(string text)
    {
        var cell = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&':
                    cell.Append("&amp;");
                    break;
                case '<':
                    cell.Append("&lt;");
                    break;
                case '>':
                    cell.Append("&gt;");
                    break;
                case '\\' or '|' or '`' or '*' or '_' or '[' or ']' or '~':
                    cell.Append('\\').Append(c);
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        return cell.ToString();
    }
}
