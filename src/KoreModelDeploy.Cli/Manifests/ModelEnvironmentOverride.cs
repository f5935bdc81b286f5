using System.Text.Json.Nodes;

namespace KoreModelDeploy.Cli.Manifests;

/// <summary>A model's own changes in one environment, applied last.</summary>
/// <param name="ModelId">The model's id in that environment, when it differs (ids usually do between environments).</param>
/// <param name="Overrides">A partial deploy request.</param>
internal sealed record ModelEnvironmentOverride(string? ModelId, JsonObject? Overrides);
