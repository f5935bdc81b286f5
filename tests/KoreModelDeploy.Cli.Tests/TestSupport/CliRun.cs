using System.Text.Json;
using KoreModelDeploy.Cli.Hosting;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>The whole tool run in-process, with its own streams and environment, as a pipeline would run it (stderr redirected).</summary>
internal static class CliRun
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost(output, error, new StringReader(string.Empty), name => environment.GetValueOrDefault(name), errorIsTerminal: false);
        var exitCode = await KoreDeployCli.RunAsync(args, host, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>What a run of the tool left behind.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>stdout as the JSON document of <c>-o json</c>.</summary>
    public JsonElement Json => JsonDocument.Parse(Output).RootElement;

    /// <summary>Each model's entry of <c>-o json</c>, by model id.</summary>
    public IReadOnlyDictionary<string, JsonElement> Models =>
        Json.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("modelId").GetString()!, m => m);

    public string Outcome(string modelId) => Models[modelId].GetProperty("outcome").GetString()!;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
