namespace KoreModelDeploy.Cli.Manifests;

/// <summary>One environment of a manifest, ready to plan: its host and every model's merged request.</summary>
/// <param name="Name">The environment's name.</param>
/// <param name="Host">The host the manifest gives it.</param>
/// <param name="Models">The models, in the manifest's order.</param>
internal sealed record ResolvedEnvironment(string Name, Uri Host, IReadOnlyList<ResolvedModel> Models);
