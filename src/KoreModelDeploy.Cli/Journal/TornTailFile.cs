using KoreModelDeploy.Cli.Hosting;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// <c>&lt;journal&gt;.torn</c>: where apply keeps the bytes of a torn last line (a write cut short by a crash) before it
/// cuts them off the journal, so that no byte a journal held is lost, only moved aside. One line per torn line, appended
/// and flushed to disk before the journal is touched; when they cannot be kept, the journal is not cut.
/// </summary>
internal static class TornTailFile
{
    /// <summary>Appends <paramref name="torn"/> as one line to the torn-line file beside <paramref name="journalPath"/>.</summary>
    /// <returns>The file's path, for the message that says where the bytes went.</returns>
    /// <exception cref="JournalException">The file is a symbolic link, not a regular file, or cannot be written.</exception>
    public static string Keep(string journalPath, ReadOnlySpan<byte> torn)
    {
        var path = JournalPaths.Torn(journalPath);
        const string Unchanged = "Nothing was changed and nothing was sent.";
        var keeps = $"The journal's last line was torn, and apply keeps such bytes in {path} before cutting them off the journal";
        if (new FileInfo(path).LinkTarget is not null)
        {
            throw new JournalException($"{keeps}; that path is a symbolic link, which apply does not write through. Remove the link and run apply again. {Unchanged}");
        }

        if (NativeFiles.KindOf(path) is not (FileKind.Missing or FileKind.Regular))
        {
            throw new JournalException($"{keeps}; that path is not a regular file. Remove it and run apply again. {Unchanged}");
        }

        try
        {
            using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 });
            stream.Write(torn);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new JournalException($"The journal's last line was torn, and its bytes could not be kept in {path} before cutting them off the journal: {ex.Message} Free the space or let the folder be written, and run apply again. {Unchanged}", ex);
        }

        return path;
    }
}
