using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Manifests;

/// <summary>A model as one environment deploys it: its id there, and its merged and validated request.</summary>
/// <param name="ModelId">The id in this environment.</param>
/// <param name="ModelType">The vendor's model type.</param>
/// <param name="Request">The merged request; <c>isDeployedPreviously</c> unset (apply sets it from the journal).</param>
/// <param name="Fingerprint">A digest of the type and settings: a different one after a SUCCESS means the settings changed.</param>
/// <param name="Settings">The request as the SDK sends it, without <c>isDeployedPreviously</c>, as compact JSON: what the journal keeps for diffs.</param>
internal sealed record ResolvedModel(string ModelId, string ModelType, DeployModelRequest Request, string Fingerprint, string Settings)
{
    /// <summary>Resolves a model: its settings' JSON and digest are computed once, here.</summary>
    public static ResolvedModel Create(string modelId, string modelType, DeployModelRequest request)
    {
        var settings = RequestFingerprint.Settings(request);
        return new(modelId, modelType, request, RequestFingerprint.Compute(modelType, settings), settings);
    }
}
