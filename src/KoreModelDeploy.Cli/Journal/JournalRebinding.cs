using KoreModelDeploy.Cli.Configuration;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// <c>kore-deploy journal rebind</c>: binds a journal created for the wrong environment or host to the right ones, by
/// appending a <see cref="JournalEvent.Rebound"/> event (never a second header, never a line rewritten), and only
/// while no job may have started on the host it was bound to.
/// </summary>
internal static class JournalRebinding
{
    /// <summary>Re-binds <paramref name="journal"/> to <paramref name="environment"/> on <paramref name="host"/>.</summary>
    /// <returns>The binding it had; <see langword="null"/> when it was already bound so and nothing was written.</returns>
    /// <exception cref="JournalException">A job may have started on the old host (every such model is named), or the journal could not be written.</exception>
    public static JournalBinding? Rebind(DeploymentJournal journal, string environment, Uri host)
    {
        var before = journal.Binding;
        if (before.Matches(environment, host))
        {
            return null;
        }

        var target = HostSetting.Display(host);
        var started = journal.State.Models.Where(ModelBelief.MayHaveAJob).ToList();
        if (started.Count > 0 && string.Equals(before.Host, target, StringComparison.OrdinalIgnoreCase))
        {
            // Only the environment's name differs: most likely it was renamed in the manifest. The host's advice
            // below would not fit, since the deployments are on this very host.
            throw new JournalException(
                $"Journal {journal.Location} was not re-bound to environment '{environment}': it belongs to environment '{before.Environment}' on the same host, "
                + $"and holds {started.Count} model(s) whose jobs may have started there: "
                + string.Join("; ", started.Select(m => $"{m.ModelId}: {ModelBelief.Of(m)}"))
                + $". A journal is re-bound only while no job may have started under its old binding. If the environment was renamed in the manifest, "
                + $"give it back its name '{before.Environment}': the journal goes on under it. Nothing was written.");
        }

        if (started.Count > 0)
        {
            throw new JournalException(
                $"Journal {journal.Location} was not re-bound: it holds {started.Count} model(s) whose jobs may have started on {before.Host} (environment '{before.Environment}'): "
                + string.Join("; ", started.Select(m => $"{m.ModelId}: {ModelBelief.Of(m)}"))
                + $". Re-binding would carry that host's deployments over to {target}, where they do not exist. "
                + $"Settle them there first: run apply against {before.Host} (pass --host {before.Host}) to finish or --prune them, or after checking that host's console run "
                + "kore-deploy journal forget MODEL for each; or keep this journal for that host and start one for "
                + $"{target} with --journal NEW_PATH --init. Nothing was written.");
        }

        journal.Record(new JournalEvent.Rebound(environment, target));
        return before;
    }
}
