namespace KoreModelDeploy.Cli.Manifests;

/// <summary>One broken rule in a manifest or in a model's merged request, with the JSON path that names it.</summary>
/// <param name="Path">Where, for example <c>models[2] (summarizer).hyperParameters.topK</c> or <c>environments.prod.host</c>.</param>
/// <param name="Message">What is wrong.</param>
internal sealed record ManifestViolation(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
