namespace KoreModelDeploy.Emulator.Validation;

/// <summary>The enumerations of the vendor's body parameter table.</summary>
internal static class DeployEnums
{
    public static readonly string[] DeviceTypes =
    [
        "g4dn.xlarge", "g5.xlarge", "g5.2xlarge", "g6e.xlarge", "g4dn.12xlarge", "g5.12xlarge", "g5.48xlarge", "g4dn.metal",
    ];

    // The vendor's samples send "" although the table does not list it; it means "none".
    public static readonly string[] OptimizationTypes = ["", "ctranslate2", "vllm"];

    public static readonly string[] QuantizationTypes = ["", "no_quantization", "int8_float16"];

    public static readonly string[] ModelTypes = ["openSource", "fineTune"];
}
