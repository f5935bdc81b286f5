using System.Text.Json.Nodes;

namespace KoreModelDeploy.Cli.Manifests;

/// <summary>A manifest as written: the layers a model's request is merged from, before any environment is chosen.</summary>
/// <param name="Defaults">A partial deploy request merged under every model.</param>
/// <param name="Environments">Each environment by name.</param>
/// <param name="Models">The models, in the manifest's order.</param>
internal sealed record Manifest(
    JsonObject? Defaults,
    IReadOnlyDictionary<string, ManifestEnvironment> Environments,
    IReadOnlyList<ManifestModel> Models);
