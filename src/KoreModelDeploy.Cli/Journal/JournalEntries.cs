using System.Text.Json;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>Converts between <see cref="JournalEvent"/> and the line a journal file holds for it, both ways, in one place.</summary>
internal static class JournalEntries
{
    /// <summary>The line for <paramref name="journalEvent"/>, written at <paramref name="at"/>.</summary>
    public static JournalEntry From(JournalEvent journalEvent, DateTimeOffset at) => journalEvent switch
    {
        JournalEvent.Forgotten forgotten => new JournalEntry { At = at, Event = EntryKinds.Forgotten, ModelId = forgotten.ModelId, Message = forgotten.Message },
        JournalEvent.Rebound rebound => new JournalEntry { At = at, Event = EntryKinds.Rebound, Environment = rebound.Environment, Host = rebound.Host },
        JournalEvent.Moved moved => new JournalEntry { At = at, Event = EntryKinds.MovedTo, To = moved.To },
        StepEvent step => FromStep(step, at),
        _ => throw new ArgumentOutOfRangeException(nameof(journalEvent), journalEvent.GetType().Name, "not a journal event"),
    };

    private static JournalEntry FromStep(StepEvent journalEvent, DateTimeOffset at)
    {
        var line = new JournalEntry { At = at, Event = EntryKinds.Header, ModelId = journalEvent.ModelId, Action = journalEvent.Call.Word() };
        return journalEvent switch
        {
            JournalEvent.Intent intent => line with
            {
                Event = EntryKinds.Intent,
                Reason = intent.Reason.Word(),
                ModelType = intent.ModelType,
                Fingerprint = intent.Fingerprint,
                IsDeployedPreviously = intent.IsDeployedPreviously,
                Request = intent.Request is { } request ? ParseElement(request) : null,
            },
            JournalEvent.Started started => line with { Event = EntryKinds.Started, DockStatusId = started.DockStatusId },
            JournalEvent.Finished finished => line with { Event = EntryKinds.Finished, DockStatusId = finished.DockStatusId, Status = finished.Status, Message = finished.Message },
            JournalEvent.NotStarted notStarted => line with { Event = EntryKinds.NotStarted, Message = notStarted.Message },
            JournalEvent.NotDeployed notDeployed => line with { Event = EntryKinds.NotDeployed, Message = notDeployed.Message },
            JournalEvent.Resolved resolved => line with
            {
                Event = EntryKinds.Resolved,
                Resolution = resolved.JobExists ? "started" : "not-started",
                DockStatusId = resolved.DockStatusId,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(journalEvent), journalEvent.GetType().Name, "not a journal event"),
        };
    }

    /// <summary>
    /// The event as every store writes it, without its time: two events are the same event when these are equal,
    /// whichever store each was read from (a request's JSON compared as written, not as its spacing was kept).
    /// </summary>
    public static string Canonical(JournalEvent journalEvent) =>
        JsonSerializer.Serialize(From(journalEvent, default), JournalJsonContext.Default.JournalEntry);

    /// <summary>The event as a store reads it back once written: equal to the same event read from any store.</summary>
    public static JournalEvent AsStored(JournalEvent journalEvent) =>
        ToEvent(JsonSerializer.Deserialize(Canonical(journalEvent), JournalJsonContext.Default.JournalEntry)!)
        ?? throw new ArgumentOutOfRangeException(nameof(journalEvent), journalEvent.GetType().Name, "not an event a store keeps");

    private static JsonElement ParseElement(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// The event a line records; <see langword="null"/> for a line that names no model (other than a rebound or moved-to line) or
    /// is of a kind this release does not know (a later release's): such a line changes nothing, as in every release before.
    /// </summary>
    /// <exception cref="FormatException">The line's call is neither deploy nor undeploy; a rebound line names no environment or host; a moved-to line names no store.</exception>
    public static JournalEvent? ToEvent(JournalEntry entry)
    {
        if (entry.Event == EntryKinds.MovedTo)
        {
            return entry.To is { Length: > 0 } to
                ? new JournalEvent.Moved(to)
                : throw new FormatException("a moved-to line must name the store the journal moved to");
        }

        if (entry.Event == EntryKinds.Rebound)
        {
            return entry is { Environment: { } environment, Host: { } host }
                ? new JournalEvent.Rebound(environment, host)
                : throw new FormatException("a rebound line must name the environment and the host it binds the journal to");
        }

        if (entry.ModelId is not { } modelId)
        {
            return null;
        }

        if (entry.Event == EntryKinds.Forgotten)
        {
            return new JournalEvent.Forgotten(modelId, entry.Message);
        }

        // A kind of line a later release added changes nothing, whatever else it holds.
        if (entry.Event is not (EntryKinds.Intent or EntryKinds.Started or EntryKinds.Finished or EntryKinds.NotStarted or EntryKinds.Resolved or EntryKinds.NotDeployed))
        {
            return null;
        }

        if (!StepWords.TryReadCall(entry.Action, out var call))
        {
            throw new FormatException($"its action '{entry.Action}' is neither deploy nor undeploy");
        }

        return entry.Event switch
        {
            EntryKinds.Intent => new JournalEvent.Intent(
                modelId,
                call,
                StepWords.ReadReason(entry.Reason ?? entry.Action, call),
                entry.ModelType,
                entry.Fingerprint,
                entry.IsDeployedPreviously,
                entry.Request is { ValueKind: JsonValueKind.Object } request ? request.GetRawText() : null),
            EntryKinds.Started => new JournalEvent.Started(modelId, call, entry.DockStatusId),
            EntryKinds.Finished => new JournalEvent.Finished(modelId, call, entry.DockStatusId, entry.Status, entry.Message),
            EntryKinds.NotStarted => new JournalEvent.NotStarted(modelId, call, entry.Message),
            EntryKinds.NotDeployed => new JournalEvent.NotDeployed(modelId, call, entry.Message),
            EntryKinds.Resolved => new JournalEvent.Resolved(modelId, call, entry.Resolution is null or "started", entry.DockStatusId),
            _ => null,
        };
    }
}
