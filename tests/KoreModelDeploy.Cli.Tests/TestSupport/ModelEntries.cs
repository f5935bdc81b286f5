using System.Text.Json;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>The per-model entries of <c>plan -o json</c> and <c>apply -o json</c>.</summary>
internal static class ModelEntries
{
    public static IReadOnlyDictionary<string, JsonElement> Models(this ToolRun run) =>
        run.Json.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("modelId").GetString()!, m => m);

    public static string Outcome(this ToolRun run, string modelId) => run.Models()[modelId].GetProperty("outcome").GetString()!;

    /// <summary>A runner with exactly these environment variables.</summary>
    public static ToolRunner Runner(IReadOnlyDictionary<string, string> environment)
    {
        var runner = new ToolRunner();
        foreach (var (name, value) in environment)
        {
            runner.Environment[name] = value;
        }

        return runner;
    }
}
