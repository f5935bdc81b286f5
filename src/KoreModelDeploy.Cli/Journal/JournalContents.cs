using System.Text.Json;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>A journal's lines as read: the header, the model states they leave, and how many bytes are sound.</summary>
internal sealed class JournalContents
{
    private JournalContents(JournalEntry header, JournalState state, long validLength, bool endsWithNewLine, string? tornTail)
    {
        Header = header;
        State = state;
        ValidLength = validLength;
        EndsWithNewLine = endsWithNewLine;
        TornTail = tornTail;
    }

    public JournalEntry Header { get; }

    public JournalState State { get; }

    /// <summary>The length of the sound prefix, in bytes.</summary>
    public long ValidLength { get; }

    /// <summary>Whether the sound prefix ends with a line break (a last line written whole but without one still counts).</summary>
    public bool EndsWithNewLine { get; }

    /// <summary>When the last line was torn (a write cut short by a crash or power loss), what was set aside, for the user.</summary>
    public string? TornTail { get; }

    /// <summary>Reads a journal's bytes. A torn last line is set aside; any other unreadable line makes the journal unusable.</summary>
    /// <exception cref="JournalException">The journal has no header, or a line other than the last is unreadable.</exception>
    public static JournalContents Parse(ReadOnlySpan<byte> bytes, string path)
    {
        var state = new JournalState();
        JournalEntry? header = null;
        long offset = 0;
        var lineNumber = 0;
        while (offset < bytes.Length)
        {
            lineNumber++;
            var rest = bytes[(int)offset..];
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            var isLast = end < 0 || offset + end + 1 == bytes.Length;
            var entry = TryRead(line);
            if (entry is null)
            {
                if (!isLast)
                {
                    throw new JournalException($"Journal {path} is damaged at line {lineNumber}, which is not the last; it cannot be trusted as it is. Restore it from a copy, or fix that line by hand.");
                }

                if (header is null)
                {
                    throw new JournalException($"Journal {path} has no readable header line; it is not a kore-deploy journal, or it was cut off while being created (then it holds nothing else: delete it and run apply with --init).");
                }

                var torn = $"The journal's last line ({line.Length} bytes at line {lineNumber}) was cut off while being written; its {lineNumber - 1} whole lines are kept and the torn one is ignored.";
                return new JournalContents(header, state, offset, true, torn);
            }

            if (header is null)
            {
                if (entry.Event != JournalEvents.Header || entry.Host is null || entry.Environment is null)
                {
                    throw new JournalException($"Journal {path} does not start with a header line naming its environment and host; it is not a kore-deploy journal.");
                }

                header = entry;
            }
            else
            {
                state.Apply(entry);
            }

            offset += end < 0 ? line.Length : end + 1;
        }

        if (header is null)
        {
            throw new JournalException($"Journal {path} is empty; it was cut off while being created. Delete it and run apply with --init, or restore it from a copy.");
        }

        return new JournalContents(header, state, offset, bytes.Length > 0 && bytes[^1] == (byte)'\n', null);
    }

    private static JournalEntry? TryRead(ReadOnlySpan<byte> line)
    {
        if (line.Trim((byte)'\r').IsEmpty)
        {
            return null;
        }

        try
        {
            var entry = JsonSerializer.Deserialize(line, JournalJsonContext.Default.JournalEntry);
            return entry is { Event.Length: > 0 } ? entry : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
