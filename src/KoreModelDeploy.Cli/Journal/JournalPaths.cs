namespace KoreModelDeploy.Cli.Journal;

/// <summary>Where a journal lives unless <c>--journal</c> says otherwise: beside the manifest, one per environment.</summary>
internal static class JournalPaths
{
    /// <summary>For <c>deploy/kore.json</c> and <c>prod</c>: <c>deploy/kore.prod.journal.jsonl</c>.</summary>
    public static string Default(string manifestPath, string environment)
    {
        var full = Path.GetFullPath(manifestPath);
        var directory = Path.GetDirectoryName(full) ?? ".";
        return Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(full)}.{environment}.journal.jsonl");
    }

    /// <summary>The lock file beside a journal.</summary>
    public static string Lock(string journalPath) => journalPath + ".lock";

    /// <summary>Where apply keeps the bytes of a torn last line before it cuts them off the journal: one line per line set aside.</summary>
    public static string Torn(string journalPath) => journalPath + ".torn";
}
