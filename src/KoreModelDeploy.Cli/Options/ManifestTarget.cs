using KoreModelDeploy.Cli.Manifests;

namespace KoreModelDeploy.Cli.Options;

/// <summary>A manifest's environment, ready to plan: its models, the host to use, and the journal's path.</summary>
internal sealed record ManifestTarget(string ManifestPath, ResolvedEnvironment Environment, Uri Host, string JournalPath);
