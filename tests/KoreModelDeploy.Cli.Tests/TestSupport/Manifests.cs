using System.Text.Json.Nodes;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>Manifests for tests: a valid base request and a way to write n models against one host.</summary>
internal static class Manifests
{
    public const string ValidDefaults = """
        {
          "hyperParameters": { "temperature": 1, "maxTokens": 512, "topP": 1, "topK": 50, "stopSequence": [] },
          "scalingParameters": { "maxBatchSize": 10, "minReplicas": 1, "maxReplicas": 2, "scaleUpDelay": 30, "scaleDownDelay": 600 },
          "deviceType": "g5.xlarge"
        }
        """;

    /// <summary>A manifest with one environment <c>test</c> on <paramref name="host"/> and the given models (id → topK).</summary>
    public static string For(Uri host, IEnumerable<(string ModelId, int TopK)> models, string environment = "test")
    {
        var list = new JsonArray();
        foreach (var (modelId, topK) in models)
        {
            list.Add(new JsonObject
            {
                ["modelId"] = modelId,
                ["modelType"] = "openSource",
                ["request"] = new JsonObject { ["name"] = modelId + "-deployment", ["hyperParameters"] = new JsonObject { ["topK"] = topK } },
            });
        }

        var manifest = new JsonObject
        {
            ["defaults"] = JsonNode.Parse(ValidDefaults),
            ["environments"] = new JsonObject { [environment] = new JsonObject { ["host"] = host.ToString() } },
            ["models"] = list,
        };
        return manifest.ToJsonString();
    }

    public static string For(Uri host, int count, int topK = 50) =>
        For(host, Enumerable.Range(1, count).Select(i => ($"model-{i:00}", topK)));
}
