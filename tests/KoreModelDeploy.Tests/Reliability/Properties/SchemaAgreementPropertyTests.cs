using System.Text.Json;
using CsCheck;
using Json.Schema;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.Reliability.Support;
using KoreModelDeploy.Validation;

namespace KoreModelDeploy.Tests.Reliability.Properties;

/// <summary>
/// The deploy-file schema (<c>schemas/deploy-model-request.schema.json</c>) and the SDK (its parser, then the validator
/// the client runs before sending) accept the same bodies, except where they are known to differ, each difference named
/// in <see cref="KnownDifference"/> and shown here in its direction: <c>minReplicas ≤ maxReplicas</c>, which a schema
/// cannot state; <c>50.0</c> and <c>1e2</c>, integers to JSON Schema; unknown fields and <c>null</c> for optional fields,
/// which the schema refuses like the strict emulator while the SDK's parser ignores them; both spellings of the
/// deployed-before flag with different values, which the SDK's parser refuses. Repeated keys are never
/// generated: a schema sees only one of the values.
/// </summary>
public sealed class SchemaAgreementPropertyTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(RepositoryFiles.PathOf("schemas/deploy-model-request.schema.json"))));

    [Fact]
    public void The_schema_and_the_sdk_agree_on_generated_bodies_apart_from_the_named_differences()
    {
        var accepted = 0;
        var refused = 0;
        var differencesMet = new Dictionary<KnownDifference, int>();

        DeployBodyGenerators.Body.Sample(
            body =>
            {
                var schemaAccepts = SchemaAccepts(body.Json);
                var sdkAccepts = SdkAccepts(body.Json);
                if (body.Differences != KnownDifference.None)
                {
                    foreach (var difference in Enum.GetValues<KnownDifference>().Where(d => d != KnownDifference.None && body.Differences.HasFlag(d)))
                    {
                        differencesMet[difference] = differencesMet.GetValueOrDefault(difference) + 1;
                    }

                    return;
                }

                schemaAccepts.Should().Be(sdkAccepts, "the schema and the SDK must judge {0} alike", body.Json);
                if (sdkAccepts)
                {
                    accepted++;
                }
                else
                {
                    refused++;
                }
            },
            iter: 6000,
            threads: 1);

        // Both sides of the boundary were explored, and every named difference was met (and left out).
        accepted.Should().BeGreaterThan(300);
        refused.Should().BeGreaterThan(300);
        differencesMet.Keys.Should().BeEquivalentTo(Enum.GetValues<KnownDifference>().Where(d => d != KnownDifference.None));
    }

    [Theory]
    [InlineData(nameof(KnownDifference.MinReplicasAboveMaxReplicas), "\"minReplicas\": 1,", "\"minReplicas\": 5,", true, false)]
    [InlineData(nameof(KnownDifference.IntegerWrittenWithFractionOrExponent), "\"topK\": 50,", "\"topK\": 50.0,", true, false)]
    [InlineData(nameof(KnownDifference.IntegerWrittenWithFractionOrExponent), "\"maxTokens\": 512,", "\"maxTokens\": 5.12e2,", true, false)]
    [InlineData(nameof(KnownDifference.UnknownField), "\"topK\": 50,", "\"topK\": 50, \"topk\": 3,", false, true)]
    [InlineData(nameof(KnownDifference.NullForOptionalField), "\"stopSequence\": []", "\"stopSequence\": null", false, true)]
    [InlineData(nameof(KnownDifference.NullForOptionalField), "\"isDeployedPreviouly\": true", "\"isDeployedPreviouly\": null", false, true)]
    [InlineData(nameof(KnownDifference.ContradictingFlagSpellings), "\"isDeployedPreviouly\": true", "\"isDeployedPreviouly\": true, \"isDeployedPreviously\": false", true, false)]
    public void Each_named_difference_goes_the_documented_way(string difference, string from, string to, bool schemaAccepts, bool sdkAccepts)
    {
        var sample = VendorSampleJson.OpenSourceRequest.Replace("\"maxReplicas\": 2,", "\"maxReplicas\": 4,", StringComparison.Ordinal);
        sample.Should().Contain(from);
        var body = sample.Replace(from, to, StringComparison.Ordinal);

        Enum.IsDefined(Enum.Parse<KnownDifference>(difference)).Should().BeTrue();
        SchemaAccepts(body).Should().Be(schemaAccepts, difference);
        SdkAccepts(body).Should().Be(sdkAccepts, difference);
    }

    [Fact]
    public void The_schema_states_in_its_description_what_it_cannot_check()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("schemas/deploy-model-request.schema.json")));
        var root = schema.RootElement;

        root.GetProperty("$schema").GetString().Should().Be("https://json-schema.org/draft/2020-12/schema");
        root.GetProperty("description").GetString().Should()
            .Contain("minReplicas must not be greater than scalingParameters.maxReplicas")
            .And.Contain("(50.0, 1e2) is an integer to JSON Schema");
    }

    [Theory]
    [InlineData(VendorSampleJson.OpenSourceRequest)]
    [InlineData(VendorSampleJson.FineTuneRequest)]
    public void The_vendors_samples_pass_the_schema(string sample) =>
        SchemaAccepts(sample).Should().BeTrue();

    [Fact]
    public void The_sample_deploy_file_points_editors_at_the_schema_and_both_the_schema_and_the_sdk_accept_it()
    {
        var path = RepositoryFiles.PathOf("samples/KoreModelDeploy.Samples/flan-t5-deploy.json");
        var json = File.ReadAllText(path);
        using var document = JsonDocument.Parse(json);

        var reference = document.RootElement.GetProperty("$schema").GetString()!;
        File.Exists(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, reference))).Should().BeTrue(reference);
        SchemaAccepts(json).Should().BeTrue();
        SdkAccepts(json).Should().BeTrue();
        KoreModelDeployJson.Serialize(KoreModelDeployJson.ParseDeployModelRequest(json)).Should().NotContain("$schema", "it is for editors, never sent");
    }

    private static bool SchemaAccepts(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(document.RootElement).IsValid;
    }

    /// <summary>What the client does with a deploy file: parse, then the validation every deploy call runs before sending.</summary>
    private static bool SdkAccepts(string json)
    {
        DeployModelRequest request;
        try
        {
            request = KoreModelDeployJson.ParseDeployModelRequest(json);
        }
        catch (KoreValidationException)
        {
            return false;
        }

        var errors = new ValidationErrorCollector();
        DeployModelRequestValidator.Validate(request, allowUndocumentedValues: false, errors);
        return !errors.HasErrors;
    }
}
