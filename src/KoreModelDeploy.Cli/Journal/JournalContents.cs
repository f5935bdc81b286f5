using System.Buffers;
using System.Text.Json;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>A journal's lines as read: the header, the model states they leave, and how many bytes are sound.</summary>
internal sealed class JournalContents
{
    /// <summary>
    /// The longest line a journal may hold. No line the tool writes comes near it (a service message is at most 1 MiB,
    /// 6 MiB escaped), so a longer one is damage, not a line cut short, and it is never read whole into memory.
    /// </summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    private JournalContents(JournalEntry header, IReadOnlyList<JournalEvent> events, long validLength, bool endsWithNewLine, string? tornTail, IReadOnlyList<DateTimeOffset>? recordedAt = null)
    {
        Header = header;
        Events = events;
        RecordedAt = recordedAt ?? new DateTimeOffset[events.Count];
        State = JournalState.From(events);
        ValidLength = validLength;
        EndsWithNewLine = endsWithNewLine;
        TornTail = tornTail;
    }

    public JournalEntry Header { get; }

    /// <summary>The environment and host the journal belongs to: the header's, unless a rebound event replaced them.</summary>
    public JournalBinding Binding => State.Rebinding ?? new JournalBinding(Header.Environment!, Header.Host!);

    /// <summary>Every model's events, in the order they were recorded.</summary>
    public IReadOnlyList<JournalEvent> Events { get; }

    /// <summary>When each of <see cref="Events"/> was recorded, at the same index (UTC; the default where a store kept no time).</summary>
    public IReadOnlyList<DateTimeOffset> RecordedAt { get; }

    /// <summary>The state <see cref="Events"/> leave.</summary>
    public JournalState State { get; }

    /// <summary>The length of the sound prefix, in bytes.</summary>
    public long ValidLength { get; }

    /// <summary>Whether the sound prefix ends with a line break (a last line written whole but without one still counts).</summary>
    public bool EndsWithNewLine { get; }

    /// <summary>When the last line was torn (a write cut short by a crash or power loss), what was set aside, for the user.</summary>
    public string? TornTail { get; }

    /// <summary>The same contents, telling where the torn last line's bytes were kept when they were cut off the journal.</summary>
    public JournalContents WithTornTailKeptIn(string path) =>
        TornTail is null ? this : new(Header, Events, ValidLength, EndsWithNewLine, $"{TornTail} Its bytes are kept in {path}.", RecordedAt);

    /// <summary>The contents of a journal a store keeps as events rather than as lines of a file.</summary>
    public static JournalContents Of(string environment, Uri host, IReadOnlyList<JournalEvent> events) =>
        new(new JournalEntry { At = default, Event = EntryKinds.Header, Environment = environment, Host = Configuration.HostSetting.Display(host) }, [.. events], 0, true, null);

    /// <summary>The contents of a journal a store keeps as events, bound by its own record rather than a header line.</summary>
    public static JournalContents Of(JournalBinding binding, IReadOnlyList<JournalEvent> events, IReadOnlyList<DateTimeOffset>? recordedAt = null) =>
        new(new JournalEntry { At = default, Event = EntryKinds.Header, Environment = binding.Environment, Host = binding.Host }, [.. events], 0, true, null, recordedAt is null ? null : [.. recordedAt]);

    /// <summary>Reads a journal for a test or a tool that holds its bytes.</summary>
    /// <exception cref="JournalException">As <see cref="Read(Stream, string)"/>.</exception>
    public static JournalContents Parse(ReadOnlySpan<byte> bytes, string path)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        return Read(stream, path);
    }

    /// <summary>
    /// Reads a journal from its start, a block at a time, whatever its size. Only a last line without its line break
    /// can have been cut short by a crash: it is set aside (<see cref="TornTail"/>). A complete line that is not a
    /// journal entry is damage, and damage is never repaired by deleting it.
    /// </summary>
    /// <exception cref="JournalException">No header; a complete line that does not parse, or a second header; a line longer than <see cref="MaxLineBytes"/>.</exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static JournalContents Read(Stream stream, string path)
    {
        var reader = new LineReplay(path);
        var buffer = new byte[64 * 1024];
        var line = new ArrayBufferWriter<byte>();
        long total = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            total += read;
            while (!span.IsEmpty)
            {
                var end = span.IndexOf((byte)'\n');
                var part = end < 0 ? span : span[..end];
                if (line.WrittenCount + (long)part.Length > MaxLineBytes)
                {
                    throw new JournalException(
                        $"Journal {path} is damaged at line {reader.LineNumber + 1}: the line is longer than {MaxLineBytes / (1024 * 1024)} MiB, which no line kore-deploy writes is. "
                        + "Nothing was changed. Check that --journal names the journal, restore it from a copy, or fix that line by hand.");
                }

                line.Write(part);
                if (end < 0)
                {
                    break;
                }

                reader.Complete(line.WrittenSpan);
                line.ResetWrittenCount();
                span = span[(end + 1)..];
            }
        }

        return reader.Finish(line.WrittenSpan, total);
    }

    /// <summary>Replays lines one at a time into the header and state they leave.</summary>
    private sealed class LineReplay(string path)
    {
        private readonly List<JournalEvent> _events = [];
        private readonly List<DateTimeOffset> _recordedAt = [];
        private JournalEntry? _header;
        private long _offset;

        public int LineNumber { get; private set; }

        /// <summary>A line that ended with its line break: it was written whole, so it must be readable.</summary>
        public void Complete(ReadOnlySpan<byte> line)
        {
            LineNumber++;
            var text = WithoutByteOrderMark(line);
            _offset += line.Length + 1;
            if (IsBlank(text))
            {
                return;
            }

            if (TryRead(text) is not { } entry)
            {
                throw _header is null ? NoHeader() : Damaged($"line {LineNumber} ends with a line break, so it was written whole and not cut short by a crash, yet it is not a journal entry");
            }

            Take(entry);
        }

        /// <summary>What follows the last line break: nothing, a last line written whole without one, or a torn line.</summary>
        public JournalContents Finish(ReadOnlySpan<byte> tail, long total)
        {
            if (tail.IsEmpty || IsBlank(WithoutByteOrderMark(tail)))
            {
                var header = _header ?? throw Empty();
                return new JournalContents(header, _events, total, tail.IsEmpty && total > 0, null, _recordedAt);
            }

            LineNumber++;
            if (TryRead(WithoutByteOrderMark(tail)) is { } entry)
            {
                Take(entry);
                return new JournalContents(_header!, _events, total, false, null, _recordedAt);
            }

            if (_header is null)
            {
                throw NoHeader();
            }

            var torn = $"The journal's last line ({tail.Length} bytes at line {LineNumber}, with no line break) was cut off while being written; its {LineNumber - 1} lines before it are kept and the torn one is set aside.";
            return new JournalContents(_header, _events, _offset, true, torn, _recordedAt);
        }

        private void Take(JournalEntry entry)
        {
            if (_header is null)
            {
                if (entry.Event != EntryKinds.Header || entry.Host is null || entry.Environment is null)
                {
                    throw new JournalException($"Journal {path} does not start with a header line naming its environment and host; it is not a kore-deploy journal.");
                }

                _header = entry;
                return;
            }

            if (entry.Event == EntryKinds.Header)
            {
                throw Damaged($"line {LineNumber} is a second header line (environment '{entry.Environment}', host {entry.Host}); a journal has one, its first line");
            }

            try
            {
                if (JournalEntries.ToEvent(entry) is { } journalEvent)
                {
                    _events.Add(journalEvent);
                    _recordedAt.Add(entry.At);
                }
            }
            catch (FormatException ex)
            {
                throw Damaged($"line {LineNumber} is not a step kore-deploy records: {ex.Message}");
            }
        }

        private JournalException Damaged(string what) => new(
            $"Journal {path} is damaged: {what}. Nothing was changed and nothing was sent. Restore the journal from a copy, or fix line {LineNumber} by hand.");

        private JournalException NoHeader() => new(
            $"Journal {path} has no readable header line; it is not a kore-deploy journal, or it was cut off while being created (then it holds nothing else: delete it and run apply with --init).");

        private JournalException Empty() => new(
            $"Journal {path} is empty; it was cut off while being created. Run apply with --init to write its header, or restore it from a copy.");

        private ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> line) =>
            _offset == 0 && line.StartsWith(ByteOrderMark) ? line[ByteOrderMark.Length..] : line;

        private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;

        private static JournalEntry? TryRead(ReadOnlySpan<byte> line)
        {
            try
            {
                var entry = JsonSerializer.Deserialize(line, JournalJsonContext.Default.JournalEntry);
                return entry is { Event.Length: > 0 } ? entry : null;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentException)
            {
                return null;
            }
        }
    }
}
