using System.Text.Json.Nodes;

namespace KoreModelDeploy.Cli.Manifests;

/// <summary>One model of a manifest as written.</summary>
/// <param name="Index">Its position in <c>models</c>, for error paths.</param>
/// <param name="ModelId">Its id, unless an environment gives it another.</param>
/// <param name="ModelType">The vendor's model type (<c>openSource</c>, <c>fineTune</c>), checked by the SDK's rules.</param>
/// <param name="Request">Its partial or whole deploy request.</param>
/// <param name="Environments">Its own changes per environment name.</param>
internal sealed record ManifestModel(
    int Index,
    string ModelId,
    string ModelType,
    JsonObject? Request,
    IReadOnlyDictionary<string, ModelEnvironmentOverride> Environments);
