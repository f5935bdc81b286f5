using System.Text.Json.Nodes;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Serialization;

/// <summary>What <see cref="KoreModelDeployJson"/> writes and refuses to read.</summary>
public class RequestJsonTests
{
    [Fact]
    public void Unset_optionals_are_omitted_never_written_as_null()
    {
        var json = KoreModelDeployJson.Serialize(TestClients.ValidRequest with
        {
            ScalingParameters = new ScalingParameters(),
            OptimizationInfo = new OptimizationInfo(),
        });

        var node = JsonNode.Parse(json)!.AsObject();
        node.Select(p => p.Key).Should().BeEquivalentTo(["name", "hyperParameters", "deviceType", "scalingParameters", "optimizationInfo"]);
        node["hyperParameters"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(["temperature", "maxTokens", "topP", "topK"]);
        node["scalingParameters"]!.AsObject().Should().BeEmpty();
        node["optimizationInfo"]!.AsObject().Should().BeEmpty();
        json.Should().NotContain("null");
    }

    [Fact]
    public void Empty_optimization_values_round_trip_as_empty_strings_not_as_missing()
    {
        var request = KoreModelDeployJson.ParseDeployModelRequest(
            """{"name":"m","hyperParameters":{"temperature":1,"maxTokens":1,"topP":1,"topK":1},"deviceType":"g5.xlarge","optimizationInfo":{"optimizationType":"","quantizationType":""}}""");

        request.OptimizationInfo!.OptimizationType.Should().NotBeNull();
        request.OptimizationInfo.OptimizationType!.Value.IsDefault.Should().BeFalse();
        request.OptimizationInfo.OptimizationType.Value.IsDocumented.Should().BeTrue("the samples' empty value means none");
        request.OptimizationInfo.QuantizationType!.Value.Should().Be(QuantizationType.Unspecified);

        var written = JsonNode.Parse(KoreModelDeployJson.Serialize(request))!["optimizationInfo"]!;
        written["optimizationType"]!.GetValue<string>().Should().Be(string.Empty);
        written["quantizationType"]!.GetValue<string>().Should().Be(string.Empty);
    }

    [Fact]
    public void Undocumented_device_type_is_read_and_written_unchanged()
    {
        var request = KoreModelDeployJson.ParseDeployModelRequest(
            """{"name":"m","hyperParameters":{"temperature":1,"maxTokens":1,"topP":1,"topK":1},"deviceType":"p5.48xlarge"}""");

        request.DeviceType.IsDocumented.Should().BeFalse();
        JsonNode.Parse(KoreModelDeployJson.Serialize(request))!["deviceType"]!.GetValue<string>().Should().Be("p5.48xlarge");
    }

    [Fact]
    public void Stop_sequences_are_written_in_order()
    {
        var json = KoreModelDeployJson.Serialize(TestClients.ValidRequest with
        {
            HyperParameters = TestClients.ValidRequest.HyperParameters with { StopSequence = ["</s>", "\n\nUser:"] },
        });

        JsonNode.Parse(json)!["hyperParameters"]!["stopSequence"]!.AsArray().Select(n => n!.GetValue<string>())
            .Should().Equal("</s>", "\n\nUser:");
    }

    [Theory]
    [InlineData("{ not json", "the text is not JSON")]
    [InlineData("""{"name":"m","hyperParameters":{"temperature":1,"maxTokens":1,"topP":1,"topK":1},"deviceType":"g5.xlarge" """, "the text is truncated")]
    [InlineData("""{"hyperParameters":{"temperature":1,"maxTokens":1,"topP":1,"topK":1},"deviceType":"g5.xlarge"}""", "name is required")]
    [InlineData("""{"name":"m","hyperParameters":{"temperature":"hot","maxTokens":1,"topP":1,"topK":1},"deviceType":"g5.xlarge"}""", "temperature has the wrong type")]
    [InlineData("""{"name":"m","hyperParameters":{"temperature":1,"maxTokens":1,"topP":1,"topK":1},"deviceType":7}""", "deviceType must be a string")]
    [InlineData("[]", "the body must be an object")]
    public void Unreadable_text_fails_with_a_validation_exception(string json, string why)
    {
        var parse = () => KoreModelDeployJson.ParseDeployModelRequest(json);

        parse.Should().ThrowExactly<KoreValidationException>(why).Which.Errors.Should().ContainSingle();
    }

    [Fact]
    public void Json_null_fails_with_a_validation_exception()
    {
        var parse = () => KoreModelDeployJson.ParseDeployModelRequest("null");

        parse.Should().ThrowExactly<KoreValidationException>().Which.Errors.Single().Path.Should().Be("$");
    }

    [Fact]
    public void Wrong_type_error_names_the_json_path()
    {
        var parse = () => KoreModelDeployJson.ParseDeployModelRequest(
            """{"name":"m","hyperParameters":{"temperature":1,"maxTokens":"many","topP":1,"topK":1},"deviceType":"g5.xlarge"}""");

        parse.Should().ThrowExactly<KoreValidationException>().Which.Errors.Single().Path.Should().Be("$.hyperParameters.maxTokens");
    }
}
