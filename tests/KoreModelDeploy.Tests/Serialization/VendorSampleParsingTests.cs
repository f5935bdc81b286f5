using System.Text;
using System.Text.Json.Nodes;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Serialization;

/// <summary>Reading deploy requests kept as JSON text in the vendor's sample format.</summary>
public class VendorSampleParsingTests
{
    public static TheoryData<string, string> Samples => new()
    {
        { VendorSamples.OpenSourceRequestJson, "Flant5_model" },
        { VendorSamples.FineTuneRequestJson, "gpt2" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_text_parses_to_the_typed_sample(string json, string name)
    {
        var expected = name == "gpt2" ? VendorSamples.FineTuneRequest : VendorSamples.OpenSourceRequest;

        var parsed = KoreModelDeployJson.ParseDeployModelRequest(json);

        parsed.Should().BeEquivalentTo(expected, o => o.ComparingRecordsByMembers());
        parsed.IsDeployedPreviously.Should().BeTrue("the sample's misspelled flag is accepted");
        parsed.OptimizationInfo!.OptimizationType.Should().Be(OptimizationType.Unspecified);
        parsed.OptimizationInfo.QuantizationType.Should().Be(QuantizationType.Unspecified);
        parsed.HyperParameters.StopSequence.Should().NotBeNull().And.BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parsed_sample_writes_back_as_the_sample_with_the_table_spelling(string json, string name)
    {
        var written = KoreModelDeployJson.Serialize(KoreModelDeployJson.ParseDeployModelRequest(json));

        JsonNode.DeepEquals(JsonNode.Parse(written), VendorSamples.ExpectedWireBody(json)).Should().BeTrue("{0} round-trips; got {1}", name, written);
    }

    [Fact]
    public async Task Sample_parses_from_a_stream_too()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(VendorSamples.OpenSourceRequestJson));

        var parsed = await KoreModelDeployJson.ParseDeployModelRequestAsync(stream);

        parsed.Should().BeEquivalentTo(VendorSamples.OpenSourceRequest, o => o.ComparingRecordsByMembers());
    }

    [Theory]
    [InlineData(""","isDeployedPreviously": false, "isDeployedPreviouly": false""", false)]
    [InlineData(""","isDeployedPreviouly": true, "isDeployedPreviously": true""", true)]
    [InlineData(""","isDeployedPreviously": true""", true)]
    [InlineData(""","isDeployedPreviouly": false""", false)]
    [InlineData("", null)]
    public void Either_spelling_of_the_flag_is_read_and_both_may_be_given_when_they_agree(string flags, bool? expected)
    {
        var json = """{"name":"m","hyperParameters":{"temperature":1,"maxTokens":1,"topP":1,"topK":1},"deviceType":"g5.xlarge" """ + flags + "}";

        KoreModelDeployJson.ParseDeployModelRequest(json).IsDeployedPreviously.Should().Be(expected);
    }
}
