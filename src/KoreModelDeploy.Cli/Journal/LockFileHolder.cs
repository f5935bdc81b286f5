using System.Diagnostics;
using System.Text.Json;
using KoreModelDeploy.Cli.Hosting;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// The holder of a file journal, named in <c>&lt;journal&gt;.lock</c>: the apply writes its <see cref="JournalHolder"/>
/// there right after taking both locks, and empties the file again when it ends. A refused or waiting run reads it
/// (a <c>flock</c> does not stop reading) and names the holder as the shared stores do.
/// </summary>
/// <remarks>
/// Never the journal: naming the holder changes no journal byte. Never through a symbolic link, which may point at a
/// user's file. What the file holds is outside text: a run that crashed leaves its record behind, and a release that
/// does not write one may hold the lock over it, so a record counts only when it parses, is small, and names a
/// process that is alive on this machine and started before the record was written.
/// </remarks>
internal static class LockFileHolder
{
    /// <summary>What a refusal says when the lock file names nobody who holds the lock.</summary>
    public const string Unnamed = "another apply on this machine (it has not named itself)";

    /// <summary>What a refusal says when the journal's own file is locked through another of its names, whose lock file holds the name.</summary>
    public const string UnnamedOtherName = "another apply on this machine, through another name of the journal (a link or another spelling of its path), so it is not named here";

    /// <summary>The most a lock file is read of: a holder's record is a few hundred bytes.</summary>
    internal const int MaxBytes = 4096;

    /// <summary>
    /// How much earlier than the record's <c>since</c> a process may seem to have started: the operating system tells
    /// a process's start from the boot time, which can be off by a little against the clock that stamped the record.
    /// </summary>
    private static readonly TimeSpan StartSlack = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Writes <paramref name="holder"/> into the lock file this apply holds (truncate, write, flush). Nothing is
    /// written where the lock path is a symbolic link, or no longer names the file that was opened.
    /// </summary>
    /// <param name="lockFile">The lock file, open and locked by this apply.</param>
    /// <param name="lockPath">Its path.</param>
    /// <param name="holder">This apply.</param>
    /// <returns>Whether the record was written, so that <see cref="Clear"/> has something to empty.</returns>
    public static bool Name(FileStream lockFile, string lockPath, JournalHolder holder)
    {
        if (IsLink(lockPath) || !NativeFiles.StillNames(lockPath, lockFile.SafeFileHandle))
        {
            return false;
        }

        try
        {
            var record = JsonSerializer.SerializeToUtf8Bytes(holder, JournalHolderJsonContext.Default.JournalHolder);
            lockFile.SetLength(0);
            lockFile.Position = 0;
            lockFile.Write(record);
            lockFile.Flush(flushToDisk: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentOutOfRangeException)
        {
            // The name is a courtesy to a refused run; the lock is what keeps it off. A record that did not make it
            // whole names nobody when read.
            return true;
        }
    }

    /// <summary>Empties the lock file again at the end of a run (best effort: a crash leaves the record, which names nobody once its process is gone).</summary>
    public static void Clear(FileStream lockFile)
    {
        try
        {
            lockFile.SetLength(0);
            lockFile.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Who holds the journal at <paramref name="journalPath"/>, as a refusal names it: <see cref="JournalHolder.Describe"/> or <see cref="Unnamed"/>.</summary>
    public static string Describe(string journalPath) => Find(JournalPaths.Lock(journalPath))?.Describe() ?? Unnamed;

    /// <summary>The holder the lock file names, when it names one that is alive; <see langword="null"/> otherwise.</summary>
    /// <param name="lockPath">The lock file's path.</param>
    internal static JournalHolder? Find(string lockPath)
    {
        // On Windows the holder opened the lock file with no sharing, so it cannot be read while held: nobody is named there.
        if (OperatingSystem.IsWindows() || IsLink(lockPath) || NativeFiles.KindOf(lockPath) is not (FileKind.Regular or FileKind.Other))
        {
            return null;
        }

        try
        {
            var record = ReadStart(lockPath);
            if (record is null || record.Length == 0)
            {
                return null;
            }

            var holder = JsonSerializer.Deserialize(record, JournalHolderJsonContext.Default.JournalHolder);
            return holder is not null && IsAlive(holder) ? holder with { Store = Interaction.OutsideText.ForLine(holder.Store) } : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The file's bytes, or <see langword="null"/> when it holds more than <see cref="MaxBytes"/>.</summary>
    private static byte[]? ReadStart(string lockPath)
    {
        using var stream = new FileStream(lockPath, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0 });

        // Checked again on the file opened: a link or a device put at the path since the first look is not read.
        if (NativeFiles.KindOf(stream.SafeFileHandle) is not (FileKind.Regular or FileKind.Other) || IsLink(lockPath) || !NativeFiles.StillNames(lockPath, stream.SafeFileHandle))
        {
            return null;
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        return length > MaxBytes ? null : buffer[..length];
    }

    /// <summary>
    /// Whether the record's process can be the holder: on another machine that cannot be told, so it is believed; on
    /// this one it must be running and have started before the record was written (not a later process given the
    /// same id after the holder crashed).
    /// </summary>
    private static bool IsAlive(JournalHolder holder)
    {
        if (holder.ProcessId <= 0)
        {
            return false;
        }

        if (!string.Equals(holder.Machine, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(holder.ProcessId);
            return process.StartTime.ToUniversalTime() <= holder.Since.UtcDateTime + StartSlack;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            // ArgumentException: no such process; the others: it ended while being looked at, or cannot be inspected.
            return false;
        }
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Cannot be told: treated as a link, so that nothing is written through it.
            return true;
        }
    }
}
