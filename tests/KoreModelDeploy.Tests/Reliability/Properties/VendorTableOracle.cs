using KoreModelDeploy.Models;

namespace KoreModelDeploy.Tests.Reliability.Properties;

/// <summary>
/// The vendor's parameter tables for Deploy a Model, transcribed on their own (deploy-a-model.txt, "Body Parameters"),
/// to judge the SDK's validator without calling it. Returns the JSON path of every field that breaks a rule.
/// </summary>
internal static class VendorTableOracle
{
    // Enum columns of the vendor's tables, spelled exactly as the tables spell them.
    private static readonly string[] ModelTypes = ["openSource", "fineTune"];
    private static readonly string[] DeviceTypes = ["g4dn.xlarge", "g5.xlarge", "g5.2xlarge", "g6e.xlarge", "g4dn.12xlarge", "g5.12xlarge", "g5.48xlarge", "g4dn.metal"];

    // The samples send "" for both; the vendor-docs README records that "" must be accepted and means none.
    private static readonly string[] OptimizationTypes = ["", "ctranslate2", "vllm"];
    private static readonly string[] QuantizationTypes = ["", "no_quantization", "int8_float16"];

    public static SortedSet<string> Violations(string? modelType, DeployModelRequest? request)
    {
        var broken = new SortedSet<string>(StringComparer.Ordinal);
        if (modelType is null || !ModelTypes.Contains(modelType, StringComparer.Ordinal))
        {
            broken.Add("modelType");
        }

        if (request is null)
        {
            broken.Add("request");
            return broken;
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            broken.Add("name");
        }

        var hyper = request.HyperParameters;
        if (hyper is null)
        {
            broken.Add("hyperParameters");
        }
        else
        {
            Check(broken, "hyperParameters.temperature", double.IsFinite(hyper.Temperature) && hyper.Temperature is >= 0 and <= 2);
            Check(broken, "hyperParameters.maxTokens", hyper.MaxTokens is >= 0 and <= 512);
            Check(broken, "hyperParameters.topP", double.IsFinite(hyper.TopP) && hyper.TopP is >= 0 and <= 1);
            Check(broken, "hyperParameters.topK", hyper.TopK is >= 1 and <= 100);
            for (var i = 0; hyper.StopSequence is not null && i < hyper.StopSequence.Count; i++)
            {
                Check(broken, $"hyperParameters.stopSequence[{i}]", hyper.StopSequence[i] is not null);
            }
        }

        if (request.ScalingParameters is { } scaling)
        {
            Check(broken, "scalingParameters.maxBatchSize", scaling.MaxBatchSize is null or (>= 1 and <= 256));
            Check(broken, "scalingParameters.minReplicas", scaling.MinReplicas is null or (>= 1 and <= 10));
            Check(broken, "scalingParameters.maxReplicas", scaling.MaxReplicas is null or (>= 1 and <= 50));
            Check(broken, "scalingParameters.scaleUpDelay", scaling.ScaleUpDelay is null or (>= 1 and <= 1000));
            Check(broken, "scalingParameters.scaleDownDelay", scaling.ScaleDownDelay is null or (>= 50 and <= 2000));

            // Not in the table, but a minimum above the maximum cannot be deployed; the SDK documents this rule too.
            Check(broken, "scalingParameters.minReplicas", scaling.MinReplicas is not { } min || scaling.MaxReplicas is not { } max || min <= max);
        }

        Check(broken, "deviceType", DeviceTypes.Contains(request.DeviceType.ToString(), StringComparer.Ordinal));

        if (request.OptimizationInfo is { } optimization)
        {
            Check(broken, "optimizationInfo.optimizationType", optimization.OptimizationType is not { IsDefault: false } o || OptimizationTypes.Contains(o.ToString(), StringComparer.Ordinal));
            Check(broken, "optimizationInfo.quantizationType", optimization.QuantizationType is not { IsDefault: false } q || QuantizationTypes.Contains(q.ToString(), StringComparer.Ordinal));
        }

        return broken;
    }

    private static void Check(SortedSet<string> broken, string path, bool ok)
    {
        if (!ok)
        {
            broken.Add(path);
        }
    }
}
