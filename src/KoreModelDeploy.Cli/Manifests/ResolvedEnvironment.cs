namespace KoreModelDeploy.Cli.Manifests;

/// <summary>One environment of a manifest, ready to plan: its host and every model's merged request.</summary>
/// <param name="Name">The environment's name.</param>
/// <param name="Host">The host the manifest gives it.</param>
/// <param name="Models">The models, in the manifest's order.</param>
/// <param name="Journal">The manifest's <c>"journal"</c> for the environment, as written; <see langword="null"/> for the default.</param>
internal sealed record ResolvedEnvironment(string Name, Uri Host, IReadOnlyList<ResolvedModel> Models, string? Journal = null);
