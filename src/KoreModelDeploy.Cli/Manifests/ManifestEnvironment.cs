using System.Text.Json.Nodes;

namespace KoreModelDeploy.Cli.Manifests;

/// <summary>One environment of a manifest: where its models live and what changes for all of them there.</summary>
/// <param name="Name">The name <c>--env</c> selects.</param>
/// <param name="Host">The service's base URL for this environment.</param>
/// <param name="Overrides">A partial deploy request merged over every model's own request.</param>
/// <param name="Journal">Where the environment's journal is kept (a path, relative to the manifest, or a <c>postgres://</c> URI); <c>--journal</c> wins over it.</param>
internal sealed record ManifestEnvironment(string Name, Uri Host, JsonObject? Overrides, string? Journal = null);
