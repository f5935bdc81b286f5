using System.Globalization;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>What <c>journal show</c> and <c>journal history</c> share: the journal read without its lock.</summary>
internal static class JournalReading
{
    /// <summary>
    /// Reads the target's journal without taking its lock, and says in the report where it went if it moved; a journal that moved to another
    /// store is still read (it is the record of what happened until then), and where it went is said and reported.
    /// </summary>
    /// <exception cref="JournalException">There is none, or it cannot be read.</exception>
    public static JournalContents Read(IJournalStore store, ManifestTarget target, IInteractionService interaction, CommandReport report)
    {
        var contents = store.Read()
            ?? throw new JournalException($"No journal at {target.JournalPath} for environment '{target.Environment.Name}': nothing is recorded there yet (or --journal names another place).");
        if (JournalMove.Of(contents) is { } move)
        {
            report.MovedTo = move.To;
            interaction.DisplayWarning($"journal {target.JournalPath} {move.Describe()}: it is a record of what happened until then; the environment's journal is {move.To} (--journal {ShellQuote.Word(move.To)})");
        }

        return contents;
    }

    /// <summary>When each model's last event was recorded.</summary>
    public static Dictionary<string, DateTimeOffset?> LastRecordedAt(JournalContents contents)
    {
        var last = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        for (var i = 0; i < contents.Events.Count; i++)
        {
            if (contents.Events[i] is { } journalEvent && ModelOf(journalEvent) is { } modelId)
            {
                last[modelId] = contents.RecordedAt[i] == default ? null : contents.RecordedAt[i];
            }
        }

        return last;
    }

    /// <summary>The model an event is about; <see langword="null"/> for one about the whole journal (a rebinding).</summary>
    public static string? ModelOf(JournalEvent journalEvent) => journalEvent switch
    {
        StepEvent step => step.ModelId,
        JournalEvent.Forgotten forgotten => forgotten.ModelId,
        _ => null,
    };

    /// <summary>A time as the text results show it: UTC, to the second.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } time ? time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
