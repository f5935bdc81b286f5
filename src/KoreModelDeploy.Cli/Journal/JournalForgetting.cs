namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// <c>kore-deploy journal forget MODEL</c>: makes the tool forget what it believed about one model, as
/// <c>terraform state rm</c> does, by appending a <see cref="JournalEvent.Forgotten"/> event; for a person who has
/// checked the platform's console. The next plan treats the model as never deployed by this tool.
/// </summary>
internal static class JournalForgetting
{
    /// <summary>Forgets <paramref name="modelId"/>.</summary>
    /// <returns>What the journal believed about it until now.</returns>
    /// <exception cref="JournalException">The journal holds nothing about the model, or could not be written.</exception>
    public static string Forget(DeploymentJournal journal, string modelId)
    {
        var record = journal.State.Find(modelId);
        if (record is null)
        {
            var known = journal.State.Models.Select(m => m.ModelId).ToList();
            throw new JournalException(
                $"Journal {journal.Location} holds nothing about model '{modelId}'; nothing was forgotten. "
                + (known.Count == 0 ? "It names no model." : $"It names: {string.Join(", ", known)}."));
        }

        var belief = ModelBelief.Of(record);
        journal.Record(new JournalEvent.Forgotten(modelId, $"forgotten with kore-deploy journal forget; the journal believed: {belief}"));
        return belief;
    }
}
