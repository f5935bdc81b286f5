using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Manifests;

namespace KoreModelDeploy.Cli.Options;

/// <summary>A manifest's environment, ready to plan: its models, the host to use, and the journal's path.</summary>
internal sealed record ManifestTarget(string ManifestPath, ResolvedEnvironment Environment, Uri Host, string JournalPath)
{
    /// <summary>The store that keeps this environment's journal: where <c>plan</c> reads it and <c>apply</c> opens it.</summary>
    public IJournalStore JournalStore(TimeProvider time) => new FileJournalStore(JournalPath, Environment.Name, Host, time);
}
