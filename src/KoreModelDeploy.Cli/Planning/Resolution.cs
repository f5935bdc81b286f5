using KoreModelDeploy.Cli.Journal;

namespace KoreModelDeploy.Cli.Planning;

/// <summary>
/// A person's answer for a model in unknown state, from <c>--resolve MODEL=not-started</c> (no job in the console: the
/// next step may be sent) or <c>--resolve MODEL=started:DOCK_STATUS_ID</c> (the job exists: apply waits on it).
/// </summary>
internal sealed record Resolution(string ModelId, string? DockStatusId)
{
    public const string Syntax = "MODEL=not-started or MODEL=started:DOCK_STATUS_ID";

    public static bool TryParse(string text, out Resolution? resolution, out string? error)
    {
        resolution = null;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            error = $"--resolve '{text}': expected {Syntax}.";
            return false;
        }

        var modelId = text[..equals];
        var value = text[(equals + 1)..];
        if (value == "not-started")
        {
            resolution = new Resolution(modelId, null);
        }
        else if (value.StartsWith("started:", StringComparison.Ordinal) && value.Length > "started:".Length)
        {
            resolution = new Resolution(modelId, value["started:".Length..]);
        }
        else
        {
            error = $"--resolve '{text}': expected {Syntax}.";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Records each resolution in the journal, after checking each names a model in unknown state.</summary>
    /// <exception cref="JournalException">A resolution names a model that is not in unknown state.</exception>
    public static void ApplyAll(IReadOnlyList<Resolution> resolutions, JournalFile journal)
    {
        foreach (var resolution in resolutions)
        {
            if (journal.Contents.State.Find(resolution.ModelId)?.Pending is not { DockStatusId: null } pending)
            {
                throw new JournalException($"--resolve {resolution.ModelId}: the journal has no step of unknown outcome for this model; nothing to resolve.");
            }

            var entry = new JournalEntry
            {
                At = default,
                Event = JournalEvents.Resolved,
                ModelId = resolution.ModelId,
                Action = pending.Action,
                Resolution = resolution.DockStatusId is null ? "not-started" : "started",
                DockStatusId = resolution.DockStatusId,
            };
            journal.Append(entry);
            journal.Contents.State.Apply(entry);
        }
    }
}
