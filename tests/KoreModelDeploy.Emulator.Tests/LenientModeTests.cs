using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static KoreModelDeploy.Emulator.Tests.TestSupport;

namespace KoreModelDeploy.Emulator.Tests;

/// <summary>With <see cref="KoreEmulatorOptions.Lenient"/>, deploy bodies are taken as older versions took them.</summary>
public sealed class LenientModeTests() : EmulatorHttpTest(options => options.Lenient = true)
{
    [Fact]
    public async Task Unknown_fields_and_whole_numbers_written_with_a_fraction_are_accepted()
    {
        var body = ValidBody()
            .With("description", "not in the vendor's table")
            .With("hyperParameters.topk", 3)
            .With("hyperParameters.topK", JsonNode.Parse("50.0"))
            .With("scalingParameters.maxReplicas", JsonNode.Parse("2e0"));

        using var response = await DeployAsync(Client, "cm-1", body);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_null_optional_field_counts_as_absent()
    {
        using var response = await DeployAsync(Client, "cm-1", ValidBody().With("scalingParameters", null).With("hyperParameters.stopSequence", null));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_null_required_field_counts_as_missing()
    {
        using var response = await DeployAsync(Client, "cm-1", ValidBody().With("name", null));

        (await ReadErrorsAsync(response, 400)).Should().Equal("name is required");
    }

    [Fact]
    public async Task Repeated_keys_and_any_content_type_are_accepted()
    {
        var body = VendorSampleJson.OpenSourceRequest.Replace("\"topK\": 50,", "\"topK\": 50, \"topK\": 40,", StringComparison.Ordinal);

        using var response = await Client.PostAsync(
            new Uri("api/public/models/cm-1/deploy?modelType=openSource", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "text/plain"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Range_and_type_rules_still_apply()
    {
        using var response = await DeployAsync(Client, "cm-1", ValidBody().With("hyperParameters.topK", JsonNode.Parse("12.5")).With("deviceType", "p4d"));

        (await ReadErrorsAsync(response, 400)).Should().BeEquivalentTo(
            "hyperParameters.topK must be an integer",
            "deviceType must be one of: g4dn.xlarge, g5.xlarge, g5.2xlarge, g6e.xlarge, g4dn.12xlarge, g5.12xlarge, g5.48xlarge, g4dn.metal");
    }
}
