namespace KoreModelDeploy.Cli.Output;

/// <summary>
/// Tab-separated result lines as a person reads them on a terminal: each column padded to its widest cell. Redirected,
/// they stay tab-separated for <c>cut</c> and <c>awk</c>.
/// </summary>
internal static class TextColumns
{
    public static string Align(string text)
    {
        var rows = text.Split('\n').Select(line => line.TrimEnd('\r').Split('\t')).ToList();
        if (rows.TrueForAll(r => r.Length < 2))
        {
            return text;
        }

        var widths = new int[rows.Max(r => r.Length)];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        return string.Join(Environment.NewLine, rows.Select(row =>
            string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd()));
    }
}
