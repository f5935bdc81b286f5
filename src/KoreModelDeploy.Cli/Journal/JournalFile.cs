using System.Text.Json;
using KoreModelDeploy.Cli.Configuration;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// An environment's journal opened for an apply: held under an operating-system lock for as long as the apply runs,
/// appended one line per step, each line on disk (<see cref="FileStream.Flush(bool)"/> with <c>true</c>) before the
/// step goes on.
/// </summary>
/// <remarks>
/// The lock is a <see cref="FileShare.None"/> handle on <c>&lt;journal&gt;.lock</c>. The operating system drops it
/// with the process, however the process ends, so a killed apply leaves nothing to unlock by hand; the lock file
/// itself stays, empty and harmless.
/// </remarks>
internal sealed class JournalFile : IDisposable
{
    private readonly FileStream _lock;
    private readonly FileStream _stream;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    private JournalFile(string path, FileStream lockStream, FileStream stream, JournalContents contents, bool created, TimeProvider time)
    {
        Path = path;
        _lock = lockStream;
        _stream = stream;
        Contents = contents;
        Created = created;
        _time = time;
    }

    public string Path { get; }

    /// <summary>What the journal held when it was opened.</summary>
    public JournalContents Contents { get; }

    /// <summary>Whether this apply created the journal (<c>--init</c>).</summary>
    public bool Created { get; }

    /// <summary>
    /// Opens the journal for an apply: takes the lock, checks the header's host, sets a torn last line aside (cutting
    /// it off the file so the next line starts clean), and creates the journal when <paramref name="init"/> allows.
    /// </summary>
    /// <exception cref="JournalException">Another apply holds the lock; the journal is missing and <paramref name="init"/> is false; it was written for another host or environment; it is damaged.</exception>
    public static JournalFile OpenForApply(string path, string environment, Uri host, bool init, TimeProvider time)
    {
        var full = System.IO.Path.GetFullPath(path);
        var lockStream = TakeLock(full);
        FileStream? stream = null;
        try
        {
            var created = false;
            if (!File.Exists(full))
            {
                if (!init)
                {
                    throw new JournalException(
                        $"No journal at {full} for environment '{environment}'. Without it every model would be deployed again, "
                        + "including those already running. If a CI cache or artifact kept the journal, restore it to that path (or pass --journal PATH); "
                        + "if this is the first apply for this environment, pass --init.");
                }

                stream = new FileStream(full, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
                var header = new JournalEntry { At = time.GetUtcNow(), Event = JournalEvents.Header, Environment = environment, Host = HostSetting.Display(host) };
                WriteLine(stream, header);
                created = true;
            }
            else
            {
                stream = new FileStream(full, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            }

            var bytes = new byte[stream.Length];
            stream.Position = 0;
            stream.ReadExactly(bytes);
            var contents = JournalContents.Parse(bytes, full);
            CheckBelongs(contents.Header, full, environment, host);
            if (contents.ValidLength < bytes.Length)
            {
                // The torn bytes go: the next line must start on a line of its own, or it would be torn too.
                stream.SetLength(contents.ValidLength);
                stream.Flush(flushToDisk: true);
            }

            stream.Position = stream.Length;
            if (!contents.EndsWithNewLine && contents.ValidLength == bytes.Length)
            {
                stream.WriteByte((byte)'\n');
                stream.Flush(flushToDisk: true);
            }

            return new JournalFile(full, lockStream, stream, contents, created, time);
        }
        catch
        {
            stream?.Dispose();
            lockStream.Dispose();
            throw;
        }
    }

    /// <summary>Reads a journal for a plan: no lock, nothing written. <see langword="null"/> when there is none.</summary>
    /// <exception cref="JournalException">It was written for another host or environment, or it is damaged.</exception>
    public static JournalContents? Read(string path, string environment, Uri host)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return null;
        }

        byte[] bytes;
        using (var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        var contents = JournalContents.Parse(bytes, full);
        CheckBelongs(contents.Header, full, environment, host);
        return contents;
    }

    /// <summary>Appends one line and puts it on disk before returning. Safe to call from parallel model runs.</summary>
    public void Append(JournalEntry entry)
    {
        lock (_gate)
        {
            WriteLine(_stream, entry with { At = _time.GetUtcNow() });
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _lock.Dispose();
    }

    /// <summary>The host as a journal records and compares it: scheme, authority and path, no trailing slash.</summary>
    private static void WriteLine(FileStream stream, JournalEntry entry)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, JournalJsonContext.Default.JournalEntry);
        var buffer = new byte[line.Length + 1];
        line.CopyTo(buffer, 0);
        buffer[^1] = (byte)'\n';

        // One write per line, so a crash tears at most the line being written.
        stream.Write(buffer);
        stream.Flush(flushToDisk: true);
    }

    private static FileStream TakeLock(string journalPath)
    {
        var lockPath = JournalPaths.Lock(journalPath);
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new JournalException(
                $"Another apply is using journal {journalPath} (its lock {lockPath} is held). Wait for it to end; "
                + "runs on different machines need the pipeline's own concurrency control, since this lock is local to one machine.",
                ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new JournalException($"The journal's folder does not exist: {System.IO.Path.GetDirectoryName(journalPath)}.", ex);
        }
    }

    private static void CheckBelongs(JournalEntry header, string path, string environment, Uri host)
    {
        if (!string.Equals(header.Host, HostSetting.Display(host), StringComparison.OrdinalIgnoreCase))
        {
            throw new JournalException(
                $"Journal {path} was written for host {header.Host}, not {HostSetting.Display(host)}. Its records say nothing about that host's models; "
                + "use that host's journal (--journal PATH), or check --host and the manifest's environment.");
        }

        if (!string.Equals(header.Environment, environment, StringComparison.Ordinal))
        {
            throw new JournalException(
                $"Journal {path} belongs to environment '{header.Environment}', not '{environment}'; pass that environment's journal with --journal PATH.");
        }
    }
}
