using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// Where a journal moved (its last <see cref="JournalEvent.Moved"/>), and the refusal of every command that would plan
/// from it or write to it after that: the environment's journal is the copy now, and this one is only a record.
/// </summary>
/// <param name="To">The store it moved to, as messages name it.</param>
/// <param name="At">When the move was recorded; <see langword="null"/> where the store kept no time.</param>
internal sealed record JournalMove(string To, DateTimeOffset? At)
{
    /// <summary>Where <paramref name="contents"/>' journal moved; <see langword="null"/> when it never did.</summary>
    public static JournalMove? Of(JournalContents? contents)
    {
        if (contents is null)
        {
            return null;
        }

        for (var i = contents.Events.Count - 1; i >= 0; i--)
        {
            if (contents.Events[i] is JournalEvent.Moved moved)
            {
                return new JournalMove(moved.To, contents.RecordedAt[i] == default ? null : contents.RecordedAt[i]);
            }
        }

        return null;
    }

    /// <summary>Refuses a journal that moved, naming where it went; does nothing for one that did not.</summary>
    /// <param name="contents">The journal as read.</param>
    /// <param name="location">Its location, for the message.</param>
    /// <exception cref="JournalException">The journal moved to another store.</exception>
    public static void Refuse(JournalContents? contents, string location)
    {
        if (Of(contents) is { } move)
        {
            throw new JournalException(
                $"Journal {location} {move.Describe()}; it is kept as a record and nothing is planned from it or written to it, and nothing was sent. "
                + $"Use the journal where it went: --journal {ShellQuote.Word(move.To)}, or that location as the manifest environment's \"journal\".");
        }
    }

    /// <summary>For example <c>moved to postgres://… on 2026-12-07T08:01:02Z (kore-deploy journal copy)</c>.</summary>
    public string Describe() =>
        $"moved to {To}{(At is { } at ? " on " + at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : string.Empty)} (kore-deploy journal copy)";
}
