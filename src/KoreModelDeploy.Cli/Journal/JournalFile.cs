using System.Text.Json;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// An environment's journal opened for an apply: held under an operating-system lock for as long as the apply runs,
/// appended one line per step, each line on disk (<see cref="FileStream.Flush(bool)"/> with <c>true</c>) before the
/// step goes on.
/// </summary>
/// <remarks>
/// The lock is an exclusive <c>flock</c> on the journal's own open file (<see cref="NativeFiles.TryLockExclusive"/>),
/// so it holds for every name of the file: a symbolic link, a hard link, another spelling of its path. It is taken
/// by the tool itself, not through <see cref="FileShare"/>, which <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> switches
/// off (and which the tool's own configuration switches off, so that <c>plan</c> can read a journal an apply holds).
/// <c>&lt;journal&gt;.lock</c> is locked too (<see cref="LegacyLock"/>), for releases that lock only that file, and
/// names the holder while the apply runs (<see cref="LockFileHolder"/>). The operating system drops both locks with
/// the process, however it ends.
/// </remarks>
internal sealed class JournalFile : IJournalSession
{
    private const int MaxMessageLength = 64 * 1024;

    private readonly FileStream _legacyLock;
    private readonly FileStream _file;
    private readonly Stream _writer;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly bool _named;
    private long _length;
    private Exception? _writeFailure;

    private JournalFile(string path, FileStream legacyLock, bool named, FileStream file, Stream writer, JournalContents contents, bool created, TimeProvider time)
    {
        Path = path;
        _legacyLock = legacyLock;
        _named = named;
        _file = file;
        _writer = writer;
        Contents = contents;
        Created = created;
        _time = time;
        _length = file.Length;
    }

    public string Path { get; }

    /// <inheritdoc/>
    public string Location => Path;

    /// <summary>What the journal held when it was opened.</summary>
    public JournalContents Contents { get; }

    /// <summary>Whether this apply created the journal (<c>--init</c>).</summary>
    public bool Created { get; }

    /// <summary>Never cancelled: the operating system's lock lasts as long as the process that holds it.</summary>
    public CancellationToken Lost => CancellationToken.None;

    /// <summary>
    /// Opens the journal for an apply: takes the locks, checks the journal's binding (its header's host and environment,
    /// or the last rebound event's), sets a torn last line aside (kept in <see cref="TornTailFile"/>, then cut off
    /// the file so the next line starts clean), and creates the journal when <paramref name="init"/> allows.
    /// </summary>
    /// <param name="writes">Wraps the stream lines are written through; tests put a failing disk there.</param>
    /// <param name="rebinding">Opened to re-bind: the binding is not checked, since it is the thing to change.</param>
    /// <param name="holder">This run, written into the lock file for a refused run to name; <see langword="null"/> to name nobody.</param>
    /// <exception cref="JournalException">
    /// Another apply holds the journal; it is missing and <paramref name="init"/> is false; it is not a regular file;
    /// it cannot be opened, locked, read or written; it was written for another host or environment; it is damaged.
    /// </exception>
    public static JournalFile OpenForApply(string path, string environment, Uri host, bool init, TimeProvider time, Func<Stream, Stream>? writes = null, bool rebinding = false, JournalHolder? holder = null)
    {
        var full = FullPath(path);
        var legacyLock = LegacyLock.Take(full);
        FileStream? stream = null;
        var named = false;
        try
        {
            stream = OpenLocked(full, environment, init, out var created);
            named = holder is not null && LockFileHolder.Name(legacyLock, JournalPaths.Lock(full), holder with { Since = time.GetUtcNow() });
            var writer = writes?.Invoke(stream) ?? stream;
            if (created)
            {
                var header = new JournalEntry { At = time.GetUtcNow(), Event = EntryKinds.Header, Environment = environment, Host = HostSetting.Display(host) };
                Guard(full, "write", () => WriteLine(stream, writer, header));
            }

            var contents = Guard(full, "read", () =>
            {
                stream.Position = 0;
                return JournalContents.Read(stream, full);
            });
            if (!rebinding)
            {
                contents.Binding.Check(full, environment, host);
            }

            if (contents.TornTail is not null && Guard(full, "read", () => ReadFrom(stream, contents.ValidLength)) is { Length: > 0 } torn)
            {
                // The next line must start on a line of its own, or it would be torn too; so the torn bytes move aside,
                // kept whole and on disk before they leave the journal.
                contents = contents.WithTornTailKeptIn(TornTailFile.Keep(full, torn));
            }

            Guard(full, "write", () =>
            {
                var length = stream.Length;
                if (contents.ValidLength < length)
                {
                    stream.SetLength(contents.ValidLength);
                    stream.Flush(flushToDisk: true);
                }

                stream.Position = stream.Length;
                if (!contents.EndsWithNewLine && contents.ValidLength == length)
                {
                    stream.WriteByte((byte)'\n');
                    stream.Flush(flushToDisk: true);
                }
            });

            return new JournalFile(full, legacyLock, named, stream, writer, contents, created, time);
        }
        catch
        {
            stream?.Dispose();
            if (named)
            {
                LockFileHolder.Clear(legacyLock);
            }

            legacyLock.Dispose();
            throw;
        }
    }

    /// <summary>Reads a journal for a plan: no lock, nothing written. <see langword="null"/> when there is none.</summary>
    /// <exception cref="JournalException">It is not a regular file, cannot be read, was written for another host or environment, or is damaged.</exception>
    public static JournalContents? Read(string path, string environment, Uri host)
    {
        var full = FullPath(path);
        CheckKind(full, NativeFiles.KindOf(full));
        if (!File.Exists(full))
        {
            return null;
        }

        var contents = Guard(full, "read", () =>
        {
            using var stream = new FileStream(full, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite, BufferSize = 0 });
            CheckOpened(full, stream);
            return JournalContents.Read(stream, full);
        });
        contents.Binding.Check(full, environment, host);
        return contents;
    }

    /// <summary>
    /// Appends one line and puts it on disk before returning. Safe to call from parallel model runs. After a write
    /// fails, the part of the line that reached the file is cut off again and no later line is written.
    /// </summary>
    /// <exception cref="JournalException">The line could not be written (a full disk, a file size limit, an I/O error), now or earlier in this run.</exception>
    public void Append(JournalEvent journalEvent, DateTimeOffset? recordedAt = null)
    {
        lock (_gate)
        {
            if (_writeFailure is { } earlier)
            {
                throw new JournalException($"Journal {Path} could not be written earlier in this run ({earlier.Message}); nothing more is written to it.", earlier);
            }

            // A journal renamed over or removed while this apply holds it: its lines would go to a file nobody reads
            // again, so no further call is started on their strength.
            if (journalEvent is JournalEvent.Intent && !NativeFiles.StillNames(Path, _file.SafeFileHandle))
            {
                _writeFailure = new IOException("the path no longer names the file this apply locked: it was replaced or removed while apply ran");
                throw new JournalException($"Journal {Path} was replaced or removed while this apply ran; nothing more is sent. Check which copy is the journal before the next apply.", _writeFailure);
            }

            try
            {
                var entry = JournalEntries.From(journalEvent, recordedAt ?? _time.GetUtcNow());
                WriteLine(_file, _writer, entry with { Message = Bounded(entry.Message) });
                _length = _file.Position;
            }
            catch (Exception ex) when (IsFileFailure(ex))
            {
                _writeFailure = ex;
                CutBackTo(_length);
                throw new JournalException($"Journal {Path} could not be written: {ex.Message}", ex);
            }
        }
    }

    public void Dispose()
    {
        // Nothing is buffered (every line went to disk in Append), so closing cannot lose a line; a failing close
        // (a full disk, a network file system) must not turn the run's result into an error of its own.
        try
        {
            _writer.Dispose();
            _file.Dispose();
        }
        catch (IOException)
        {
        }

        if (_named)
        {
            LockFileHolder.Clear(_legacyLock);
        }

        _legacyLock.Dispose();
    }

    /// <summary>The path as given, made absolute; a path ending with a separator names a folder, never a journal.</summary>
    private static string FullPath(string path)
    {
        if (System.IO.Path.EndsInDirectorySeparator(path))
        {
            throw new JournalException($"--journal {path} ends with '{System.IO.Path.DirectorySeparatorChar}', so it names a folder; a journal is a file (for example {System.IO.Path.TrimEndingDirectorySeparator(path)}).");
        }

        return System.IO.Path.GetFullPath(path);
    }

    /// <summary>The bytes of <paramref name="stream"/> from <paramref name="offset"/> to its end.</summary>
    private static byte[] ReadFrom(FileStream stream, long offset)
    {
        var bytes = new byte[stream.Length - offset];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Opens (or with <paramref name="init"/> creates) the journal, checks it is a regular file, and takes its lock.</summary>
    private static FileStream OpenLocked(string full, string environment, bool init, out bool created)
    {
        CheckKind(full, NativeFiles.KindOf(full));
        created = false;
        FileStream? stream = null;
        try
        {
            if (!File.Exists(full))
            {
                if (!init)
                {
                    throw new JournalException(
                        $"No journal at {full} for environment '{environment}'. Without it every model would be deployed again, "
                        + "including those already running. If a CI cache or artifact kept the journal, restore it to that path (or pass --journal PATH); "
                        + "if this is the first apply for this environment, pass --init.");
                }

                // CreateNew is O_EXCL: of two applies creating the journal at once, one creates it, the other opens it.
                stream = TryCreate(full);
                created = stream is not null;
            }

            stream ??= Guard(full, "open", () => new FileStream(full, Options(FileMode.Open)));
            CheckOpened(full, stream);
            TakeLock(full, stream);
            if (!NativeFiles.StillNames(full, stream.SafeFileHandle))
            {
                // Replaced between the open and the lock (another apply's --init, a rename): the lock is on a file the path no longer names.
                throw LegacyLock.Held(full, "another apply on this machine, which replaced the journal while this one opened it");
            }

            // An empty journal holds nothing to lose: it was cut off while being created, or another apply has just
            // created it and lost the lock to this one. --init writes its header.
            if (!created && init && stream.Length == 0)
            {
                created = true;
            }

            return stream;
        }
        catch
        {
            stream?.Dispose();
            throw;
        }
    }

    private static FileStream? TryCreate(string full)
    {
        try
        {
            return new FileStream(full, Options(FileMode.CreateNew));
        }
        catch (IOException) when (File.Exists(full))
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new JournalException($"Journal {full} cannot be created: {ex.Message} Check that its folder exists and can be written.", ex);
        }
    }

    private static FileStreamOptions Options(FileMode mode) =>
        new() { Mode = mode, Access = FileAccess.ReadWrite, Share = FileShare.Read, BufferSize = 0 };

    private static void TakeLock(string full, FileStream stream)
    {
        switch (NativeFiles.TryLockExclusive(stream.SafeFileHandle, out var errno))
        {
            case NativeFiles.LockResult.Taken:
                return;
            case NativeFiles.LockResult.HeldElsewhere:
                // Through another name of the file (a link, another spelling of its path): its holder named itself in
                // that name's lock file, which this one cannot find.
                throw LegacyLock.Held(full, LockFileHolder.UnnamedOtherName);
            default:
                throw new JournalException($"Journal {full} cannot be locked (error {errno}); its file system does not support flock, so a second apply could not be kept off it. Keep the journal on a local disk.");
        }
    }

    private static void CheckKind(string full, FileKind kind)
    {
        switch (kind)
        {
            case FileKind.Directory:
                throw new JournalException($"Journal {full} is a folder; --journal must name a regular file (for example {System.IO.Path.Combine(full, "kore.journal.jsonl")}).");
            case FileKind.Pipe or FileKind.Device or FileKind.Socket:
                throw new JournalException($"Journal {full} is not a regular file (a device, a FIFO or a socket); --journal must name a regular file on disk.");
        }
    }

    /// <summary>Checks the file actually opened, whatever link led to it; where its type cannot be told, a file that cannot seek is refused.</summary>
    private static void CheckOpened(string full, FileStream stream)
    {
        var kind = NativeFiles.KindOf(stream.SafeFileHandle);
        CheckKind(full, kind);
        if (kind == FileKind.Other && !stream.CanSeek)
        {
            CheckKind(full, FileKind.Device);
        }
    }

    /// <summary>Runs a file operation, turning the file system's refusals into a journal error that names the file.</summary>
    private static T Guard<T>(string full, string verb, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception ex) when (IsFileFailure(ex))
        {
            throw new JournalException($"Journal {full} cannot be {(verb == "open" ? "opened" : verb == "read" ? "read" : "written")}: {ex.Message}", ex);
        }
    }

    private static void Guard(string full, string verb, Action operation) => Guard(full, verb, () =>
    {
        operation();
        return true;
    });

    private void CutBackTo(long length)
    {
        try
        {
            _file.SetLength(length);
            _file.Position = length;
            _file.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (IsFileFailure(ex))
        {
            // What reached the file is then a last line without its line break: the next apply sets it aside as torn.
        }
    }

    /// <summary>
    /// What the file system's refusals arrive as. .NET reports EFBIG (a write past the file size limit) as an
    /// <see cref="ArgumentOutOfRangeException"/>, not an <see cref="IOException"/>.
    /// </summary>
    private static bool IsFileFailure(Exception ex) => ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentOutOfRangeException;

    /// <summary>A message short enough that no line comes near <see cref="JournalContents.MaxLineBytes"/>.</summary>
    private static string? Bounded(string? message) =>
        message is { Length: > MaxMessageLength } ? message[..MaxMessageLength] + "…" : message;

    private static void WriteLine(FileStream file, Stream writer, JournalEntry entry)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, JournalJsonContext.Default.JournalEntry);
        var buffer = new byte[line.Length + 1];
        line.CopyTo(buffer, 0);
        buffer[^1] = (byte)'\n';

        // One write per line, so a crash tears at most the line being written.
        writer.Write(buffer);
        writer.Flush();
        file.Flush(flushToDisk: true);
    }
}
