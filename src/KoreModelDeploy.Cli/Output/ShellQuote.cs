namespace KoreModelDeploy.Cli.Output;

/// <summary>Quotes a word for POSIX shells, so a printed command runs as printed when pasted.</summary>
internal static class ShellQuote
{
    public static string Word(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@%+,".Contains(c, StringComparison.Ordinal)))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
