using KoreModelDeploy.Cli.Hosting;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// <c>&lt;journal&gt;.lock</c>, the lock file earlier releases took instead of locking the journal itself, still taken
/// for one release so that an older apply on the same machine is kept off a journal a newer one holds.
/// </summary>
/// <remarks>
/// The path is the journal's as spelled, so this lock alone does not stop a second apply that names the journal
/// another way; the lock on the journal's own file does (<see cref="JournalFile"/>). A symbolic link at the lock path
/// is followed only to a file that exists: apply never creates a file a link points to, nor writes its name into one
/// (<see cref="LockFileHolder"/>).
/// </remarks>
internal static class LegacyLock
{
    /// <exception cref="JournalException">The lock is held; the lock path is a folder, a dangling link, or cannot be opened.</exception>
    public static FileStream Take(string journalPath)
    {
        var lockPath = JournalPaths.Lock(journalPath);
        if (new FileInfo(lockPath).LinkTarget is { } target && !LinkLeadsSomewhere(lockPath))
        {
            throw new JournalException(
                $"The journal's lock path {lockPath} is a symbolic link to {target}, which does not exist; apply does not create a file a link points to. Remove the link and run apply again.");
        }

        switch (NativeFiles.KindOf(lockPath))
        {
            case FileKind.Directory:
                throw new JournalException($"The journal's lock path {lockPath} is a folder; remove it (apply keeps an empty lock file there).");
            case FileKind.Pipe or FileKind.Device or FileKind.Socket:
                throw new JournalException($"The journal's lock path {lockPath} is not a regular file; remove it (apply keeps an empty lock file there).");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 0 });
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new JournalException($"The journal's folder does not exist: {Path.GetDirectoryName(journalPath)}.", ex);
        }
        catch (IOException ex) when (OperatingSystem.IsWindows())
        {
            // Windows share modes: FileShare.None of another apply, which also keeps its name from being read.
            throw Held(journalPath, LockFileHolder.Describe(journalPath), inner: ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new JournalException($"The journal's lock file {lockPath} cannot be opened: {ex.Message} Check that the journal's folder can be written.", ex);
        }

        var result = NativeFiles.TryLockExclusive(stream.SafeFileHandle, out var errno);
        if (result == NativeFiles.LockResult.Taken)
        {
            return stream;
        }

        stream.Dispose();
        throw result == NativeFiles.LockResult.HeldElsewhere
            ? Held(journalPath, LockFileHolder.Describe(journalPath))
            : new JournalException($"The journal's lock file {lockPath} cannot be locked (error {errno}); keep the journal on a local disk.");
    }

    private static bool LinkLeadsSomewhere(string link)
    {
        try
        {
            return File.ResolveLinkTarget(link, returnFinalTarget: true) is { Exists: true };
        }
        catch (IOException)
        {
            // A loop of links, or too many of them.
            return false;
        }
    }

    /// <summary>The refusal a second apply gets, worded as the shared stores word theirs.</summary>
    /// <param name="journalPath">The journal.</param>
    /// <param name="heldBy">Who holds it: <see cref="JournalHolder.Describe"/>, or a phrase for a holder that is not named.</param>
    /// <param name="what">What to do; by default, to wait or pass <c>--lock-timeout</c>.</param>
    /// <param name="inner">The failure that showed the lock is held, where there is one.</param>
    public static JournalException Held(string journalPath, string heldBy, string? what = null, Exception? inner = null)
    {
        var message = $"Another apply holds journal {journalPath}: it is held by {heldBy}. {what ?? "Wait for it to end, or pass --lock-timeout to wait for it."} "
            + "Runs on different machines need a shared store (--journal postgres://… or azblob://…) or the pipeline's own concurrency control, since this lock is local to one machine.";
        return inner is null
            ? new JournalException(message) { LockHeld = true, HeldBy = heldBy }
            : new JournalException(message, inner) { LockHeld = true, HeldBy = heldBy };
    }
}
