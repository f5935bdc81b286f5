namespace KoreModelDeploy.Tests.Reliability.Support;

/// <summary>Finds files of the repository the tests were built from.</summary>
internal static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "KoreModelDeploy.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("KoreModelDeploy.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Replaces the text between two marker lines; used to refresh generated sections of documents.</summary>
    public static string ReplaceSection(string document, string startMarker, string endMarker, string content)
    {
        var start = document.IndexOf(startMarker, StringComparison.Ordinal);
        var end = document.IndexOf(endMarker, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"Markers {startMarker} … {endMarker} not found.");
        }

        return document[..(start + startMarker.Length)] + "\n" + content + document[end..];
    }

    public static string? ReadSection(string document, string startMarker, string endMarker)
    {
        var start = document.IndexOf(startMarker, StringComparison.Ordinal);
        var end = document.IndexOf(endMarker, StringComparison.Ordinal);
        return start < 0 || end < start ? null : document[(start + startMarker.Length)..end].TrimStart('\n');
    }
}
