namespace KoreModelDeploy.Cli.DeployFiles;

/// <summary>
/// The fields of a deploy request that <c>--set</c> can change, by JSON path, with their types: the vendor's parameter
/// tables, as the SDK's <see cref="Models.DeployModelRequest"/> models them (a test keeps the two in step).
/// </summary>
internal static class DeployRequestFields
{
    /// <summary>The older samples' spelling of <c>isDeployedPreviously</c>, which the SDK also reads.</summary>
    public const string MisspelledPreviouslyFlag = "isDeployedPreviouly";

    public static IReadOnlyDictionary<string, FieldKind> All { get; } = new Dictionary<string, FieldKind>(StringComparer.Ordinal)
    {
        ["name"] = FieldKind.String,
        ["hyperParameters.temperature"] = FieldKind.Number,
        ["hyperParameters.maxTokens"] = FieldKind.Integer,
        ["hyperParameters.topP"] = FieldKind.Number,
        ["hyperParameters.topK"] = FieldKind.Integer,
        ["hyperParameters.stopSequence"] = FieldKind.StringArray,
        ["scalingParameters.maxBatchSize"] = FieldKind.Integer,
        ["scalingParameters.minReplicas"] = FieldKind.Integer,
        ["scalingParameters.maxReplicas"] = FieldKind.Integer,
        ["scalingParameters.scaleUpDelay"] = FieldKind.Integer,
        ["scalingParameters.scaleDownDelay"] = FieldKind.Integer,
        ["deviceType"] = FieldKind.String,
        ["optimizationInfo.optimizationType"] = FieldKind.String,
        ["optimizationInfo.quantizationType"] = FieldKind.String,
        ["isDeployedPreviously"] = FieldKind.Boolean,
    };

    /// <summary>The field whose path differs from <paramref name="path"/> only in letter case, for a suggestion.</summary>
    public static string? Suggest(string path) =>
        All.Keys.FirstOrDefault(known => string.Equals(known, path, StringComparison.OrdinalIgnoreCase));
}
