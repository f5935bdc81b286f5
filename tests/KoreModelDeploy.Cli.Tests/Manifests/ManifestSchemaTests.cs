using System.Text.Json;
using Json.Schema;
using KoreModelDeploy.Cli.Manifests;

namespace KoreModelDeploy.Cli.Tests.Manifests;

/// <summary>
/// The manifest schema, with the deploy-file schema it refers to for each request member, agrees with the tool on the
/// sample and on manifests broken in one place each.
/// </summary>
public sealed class ManifestSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        // The manifest schema names the deploy-file schema by a relative $ref, resolved against its $id: load that first.
        JsonSchema.FromText(File.ReadAllText(SampleManifestTests.RepositoryFile("schemas/deploy-model-request.schema.json")));
        return JsonSchema.FromText(File.ReadAllText(SampleManifestTests.RepositoryFile("schemas/kore-manifest.schema.json")));
    });

    private const string Host = "\"environments\": { \"prod\": { \"host\": \"https://prod.example.test\" } }";

    [Fact]
    public void The_sample_manifest_is_valid()
    {
        var text = File.ReadAllText(SampleManifestTests.RepositoryFile("samples/kore.json"));

        Evaluate(text).Should().BeTrue();
    }

    [Theory]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "openSource", "request": { "name": "m" } } ], ENV }""", true)]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "openSource", "request": { "name": "m", "scalingParameters": { "maxBatchSize": null } } } ], ENV }""", true)]
    [InlineData("""{ "model": [], ENV }""", false)]
    [InlineData("""{ "models": [ { "modelType": "openSource" } ], ENV }""", false)]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "closedSource" } ], ENV }""", false)]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "openSource", "request": { "nmae": "m" } } ], ENV }""", false)]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "openSource", "request": { "hyperParameters": { "topK": 0 } } } ], ENV }""", false)]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "openSource", "request": { "deviceType": "g9.huge" } } ], ENV }""", false)]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "openSource", "request": { "isDeployedPreviously": true } } ], ENV }""", false)]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "openSource" } ], "environments": { "prod": { "overrides": {} } } }""", false)]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "openSource", "request": { "name": "m" } } ], "environments": { "../../x": { "host": "https://prod.example.test" } } }""", false)]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "openSource", "request": { "name": "m" } } ], "environments": { "a\nb": { "host": "https://prod.example.test" } } }""", false)]
    [InlineData("""{ "models": [ { "modelId": "m\u200b", "modelType": "openSource", "request": { "name": "m" } } ], ENV }""", false)]
    [InlineData("""{ "models": [ { "modelId": "cafe\u0301", "modelType": "openSource", "request": { "name": "m" } } ], ENV }""", false)]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "openSource", "request": { "name": "m" } } ], "environments": { "prod": { "host": "https://prod.example.test", "journal": "postgres://deploy@db.example.test:5432/kore" } } }""", true)]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "openSource", "request": { "name": "m" } } ], "environments": { "prod": { "host": "https://prod.example.test", "journal": "journals/prod.jsonl" } } }""", true)]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "openSource", "request": { "name": "m" } } ], "environments": { "prod": { "host": "https://prod.example.test", "journal": "postgres://deploy:pw@db.example.test:5432/kore" } } }""", false)]
    [InlineData("""{ "models": [ { "modelId": "m", "modelType": "openSource", "request": { "name": "m" } } ], "environments": { "prod": { "host": "https://prod.example.test", "journal": 7 } } }""", false)]
    public void A_manifest_broken_in_one_place_is_refused_by_the_schema_and_by_the_tool(string template, bool valid)
    {
        var text = template.Replace("ENV", Host, StringComparison.Ordinal);

        Evaluate(text).Should().Be(valid, "the schema's verdict");
        ToolAccepts(text, valid).Should().Be(valid, "the tool's verdict");
    }

    private static bool Evaluate(string text)
    {
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return Schema.Value.Evaluate(document.RootElement).IsValid;
    }

    // A partial request is whole only once merged; a valid case is completed with the defaults the tool needs.
    private static bool ToolAccepts(string text, bool complete)
    {
        try
        {
            var manifest = ManifestReader.Parse(text);
            if (complete)
            {
                manifest = manifest with { Defaults = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(TestSupport.Manifests.ValidDefaults)! };
            }

            ManifestResolver.Resolve(manifest, "prod");
            return true;
        }
        catch (ManifestException)
        {
            return false;
        }
    }
}
