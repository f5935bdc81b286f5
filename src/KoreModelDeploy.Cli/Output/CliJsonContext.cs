using System.Text.Json.Serialization;

namespace KoreModelDeploy.Cli.Output;

/// <summary>The JSON written on stdout, generated at compile time so the native build needs no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(CommandReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>
/// Step outputs for GitHub Actions: a JSON object keyed by model id on one line, for <c>fromJSON()</c> in later steps.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StepOutputJsonContext : JsonSerializerContext;
