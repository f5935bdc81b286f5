using KoreModelDeploy.Models;

namespace KoreModelDeploy.Testing;

/// <summary>The vendor's sample requests as the typed records a user would build; linked where tests and benchmarks need them.</summary>
internal static class VendorSampleRequests
{
    /// <summary>The open-source (Flan-T5) sample.</summary>
    public static DeployModelRequest OpenSource => Build("Flant5_model");

    /// <summary>The fine-tune (gpt2) sample; the bodies differ only in the name.</summary>
    public static DeployModelRequest FineTune => Build("gpt2");

    private static DeployModelRequest Build(string name) => new()
    {
        Name = name,
        HyperParameters = new HyperParameters
        {
            Temperature = 1,
            MaxTokens = 512,
            TopP = 1,
            TopK = 50,
            StopSequence = [],
        },
        ScalingParameters = new ScalingParameters
        {
            MaxBatchSize = 10,
            MinReplicas = 1,
            MaxReplicas = 2,
            ScaleUpDelay = 30,
            ScaleDownDelay = 600,
        },
        DeviceType = DeviceType.G5XLarge,
        OptimizationInfo = new OptimizationInfo
        {
            OptimizationType = OptimizationType.Unspecified,
            QuantizationType = QuantizationType.Unspecified,
        },
        IsDeployedPreviously = true,
    };
}
