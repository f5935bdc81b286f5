namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// <c>kore-deploy journal copy --to LOCATION</c>: moves an environment's journal to another store, through
/// <see cref="IJournalStore"/> alone, so it works between any two stores. The target gets every event of the source
/// in order, each with its original time; a target holding a prefix of the source is completed (so a copy cut short
/// is run again), any other is refused. Only once the target is read back with the source's events and state does the
/// source record a <see cref="JournalEvent.Moved"/>, after which apply refuses it.
/// </summary>
internal static class JournalCopying
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/>, checks the copy, and marks the source moved.</summary>
    /// <param name="source">The journal to move, held under its lock (<see cref="DeploymentJournal.OpenToCopy"/>).</param>
    /// <param name="target">
    /// The store it moves to, made for the environment and host the source is bound to: created with that binding when
    /// it holds no journal yet.
    /// </param>
    /// <exception cref="JournalException">
    /// The source moved elsewhere; the target belongs to another environment or host, or holds events that are not the
    /// source's first ones (nothing written); the target cannot be opened, written or read back, or does not read back
    /// as the source (the source not marked).
    /// </exception>
    public static JournalCopyResult Copy(DeploymentJournal source, IJournalStore target)
    {
        var moved = JournalMove.Of(source.Contents);
        if (moved is not null && !string.Equals(moved.To, target.Location, StringComparison.Ordinal))
        {
            throw new JournalException(
                $"Journal {source.Location} {moved.Describe()}, not to {target.Location}; nothing was copied. That copy is the environment's journal now: "
                + $"to move it on, copy from it (--journal {Output.ShellQuote.Word(moved.To)} --to {Output.ShellQuote.Word(target.Location)}).");
        }

        // The moved-to event stays behind: in the target it would turn the copy away as well.
        var events = new List<(JournalEvent Event, DateTimeOffset At)>();
        for (var i = 0; i < source.Contents.Events.Count; i++)
        {
            if (source.Contents.Events[i] is not JournalEvent.Moved)
            {
                events.Add((source.Contents.Events[i], source.Contents.RecordedAt[i]));
            }
        }

        int alreadyThere;
        using (var session = target.Open(init: true, rebinding: true))
        {
            CheckBinding(source, session);
            alreadyThere = session.Contents.Events.Count;
            CheckPrefix(source, session, events);
            for (var i = alreadyThere; i < events.Count; i++)
            {
                session.Append(events[i].Event, events[i].At);
            }

            CheckCopy(source, target, events);
            if (moved is null)
            {
                // Recorded while the target is still held, so no apply reaches the copy before the source says where it went.
                source.Record(new JournalEvent.Moved(target.Location));
            }
        }

        return new JournalCopyResult(events.Count - alreadyThere, alreadyThere, events.Count, moved is not null);
    }

    private static void CheckBinding(DeploymentJournal source, IJournalSession session)
    {
        var header = session.Contents.Header;
        var binding = source.Binding;
        if (!SameBinding(new JournalBinding(header.Environment!, header.Host!), binding))
        {
            throw new JournalException(
                $"Journal {session.Location} belongs to environment '{header.Environment}' on {header.Host}, and {source.Location} to environment '{binding.Environment}' on {binding.Host}; "
                + "nothing was copied or written. Copy to a location that holds no journal of this environment yet.");
        }
    }

    private static void CheckPrefix(DeploymentJournal source, IJournalSession session, List<(JournalEvent Event, DateTimeOffset At)> events)
    {
        var held = session.Contents.Events;
        var differs = -1;
        for (var i = 0; i < held.Count; i++)
        {
            if (i >= events.Count || JournalEntries.Canonical(held[i]) != JournalEntries.Canonical(events[i].Event))
            {
                differs = i;
                break;
            }
        }

        if (differs < 0)
        {
            return;
        }

        var theirs = $"its event {differs + 1} is {Describe(held[differs])}";
        var ours = differs < events.Count ? $"the source's is {Describe(events[differs].Event)}" : $"the source holds only {events.Count}";
        throw new JournalException(
            $"Journal {session.Location} already holds {held.Count} event(s) that are not the first ones of {source.Location}: {theirs}, {ours}. "
            + "It is not a copy of this journal cut short, so nothing was copied or written and the source was not marked. "
            + "Copy to a location that holds no journal of this environment, or check --to and --journal.");
    }

    /// <summary>Reads the target back, as the next plan would, and compares it with the source: the event count, then the state they replay to.</summary>
    private static void CheckCopy(DeploymentJournal source, IJournalStore target, List<(JournalEvent Event, DateTimeOffset At)> events)
    {
        var copy = target.Read();
        var expected = JournalState.From(events.Select(e => JournalEntries.AsStored(e.Event)));
        var problem = copy is null
            ? "it reads back as no journal at all"
            : copy.Events.Count != events.Count
                ? $"it reads back with {copy.Events.Count} event(s), not {events.Count}"
                : !copy.State.SameAs(expected) || !SameBinding(copy.Binding, source.Binding)
                    ? "its events replay to another state than the source's"
                    : null;
        if (problem is not null)
        {
            throw new JournalException(
                $"The copy of journal {source.Location} in {target.Location} does not match it: {problem}. The source was not marked as moved and stays the environment's journal; "
                + "check the target store, then run journal copy again.");
        }
    }

    private static bool SameBinding(JournalBinding one, JournalBinding other) =>
        string.Equals(one.Environment, other.Environment, StringComparison.Ordinal) && string.Equals(one.Host, other.Host, StringComparison.OrdinalIgnoreCase);

    /// <summary>An event in a few words, for the refusal: for example <c>finished deploy of model-01 (ds-1, SUCCESS)</c>.</summary>
    private static string Describe(JournalEvent journalEvent)
    {
        var entry = JournalEntries.From(journalEvent, default);
        var detail = string.Join(", ", new[] { entry.DockStatusId, entry.StatusText, entry.Environment, entry.Host, entry.To }.Where(s => s is not null));
        return entry.Event
            + (entry.Action is { } action ? " " + action : string.Empty)
            + (entry.ModelId is { } model ? " of " + model : string.Empty)
            + (detail.Length > 0 ? $" ({detail})" : string.Empty);
    }
}
