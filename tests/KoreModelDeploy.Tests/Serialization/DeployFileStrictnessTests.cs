using System.Text;

namespace KoreModelDeploy.Tests.Serialization;

/// <summary>
/// The deploy-file parser's contract: a field given twice is an error naming its path, the two spellings of the flag
/// must agree, a byte-order mark is fine. What a reader of the file sees is what is sent.
/// </summary>
public sealed class DeployFileStrictnessTests
{
    private const string Hyper = "\"hyperParameters\":{\"temperature\":1,\"maxTokens\":1,\"topP\":1,\"topK\":1}";

    [Fact]
    public void A_field_given_twice_is_an_error_naming_its_path()
    {
        var parse = () => KoreModelDeployJson.ParseDeployModelRequest($$"""{"name":"m",{{Hyper}},"deviceType":"g5.xlarge","deviceType":"g4dn.xlarge"}""");

        var error = parse.Should().ThrowExactly<KoreValidationException>().Which.Errors.Should().ContainSingle().Which;
        error.Path.Should().Be("$.deviceType");
        error.Message.Should().Contain("more than once");
    }

    [Fact]
    public void Nested_repeats_are_named_by_their_full_path_and_every_one_is_reported()
    {
        var parse = () => KoreModelDeployJson.ParseDeployModelRequest(
            """{"name":"m","hyperParameters":{"temperature":1,"maxTokens":1,"topP":1,"topK":1,"topK":2,"stopSequence":["a"]},"deviceType":"g5.xlarge","scalingParameters":{"minReplicas":1,"minReplicas":1},"x":[{"a":1},{"a":1,"a":2}]}""");

        parse.Should().ThrowExactly<KoreValidationException>().Which.Errors.Select(e => e.Path)
            .Should().Equal("$.hyperParameters.topK", "$.scalingParameters.minReplicas", "$.x[1].a");
    }

    [Fact]
    public void The_same_name_in_different_objects_is_not_a_repeat()
    {
        var request = KoreModelDeployJson.ParseDeployModelRequest(
            $$"""{"name":"m",{{Hyper}},"deviceType":"g5.xlarge","optimizationInfo":{"name":"x"},"extra":[{"name":1},{"name":2}]}""");

        request.Name.Should().Be("m");
    }

    [Theory]
    [InlineData("true", "false")]
    [InlineData("false", "true")]
    [InlineData("null", "true")]
    public void The_two_spellings_of_the_flag_with_different_values_are_an_error(string table, string legacy)
    {
        var parse = () => KoreModelDeployJson.ParseDeployModelRequest(
            $$"""{"name":"m",{{Hyper}},"deviceType":"g5.xlarge","isDeployedPreviously":{{table}},"isDeployedPreviouly":{{legacy}}}""");

        var error = parse.Should().ThrowExactly<KoreValidationException>().Which.Errors.Should().ContainSingle().Which;
        error.Path.Should().Be("$.isDeployedPreviouly");
        error.AttemptedValue.Should().Be(legacy);
        error.Message.Should().Contain("$.isDeployedPreviously (" + table + ")");
    }

    [Fact]
    public void A_flag_spelled_both_ways_inside_a_nested_object_is_not_the_requests_flag()
    {
        var request = KoreModelDeployJson.ParseDeployModelRequest(
            $$$"""{"name":"m",{{{Hyper}}},"deviceType":"g5.xlarge","extra":{"isDeployedPreviously":true,"isDeployedPreviouly":false}}""");

        request.IsDeployedPreviously.Should().BeNull();
    }

    [Fact]
    public async Task A_leading_byte_order_mark_is_accepted_in_text_and_in_a_stream()
    {
        var json = $$"""{"name":"m",{{Hyper}},"deviceType":"g5.xlarge"}""";

        KoreModelDeployJson.ParseDeployModelRequest("\uFEFF" + json).Name.Should().Be("m");
        using var stream = new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(json)]);
        (await KoreModelDeployJson.ParseDeployModelRequestAsync(stream)).Name.Should().Be("m");
    }

    [Fact]
    public async Task A_stream_is_held_to_the_same_rules()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes($$"""{"name":"m","name":"n",{{Hyper}},"deviceType":"g5.xlarge"}"""));

        var parse = () => KoreModelDeployJson.ParseDeployModelRequestAsync(stream);

        (await parse.Should().ThrowExactlyAsync<KoreValidationException>()).Which.Errors.Single().Path.Should().Be("$.name");
    }

    [Fact]
    public void A_huge_property_name_makes_a_bounded_error()
    {
        var name = new string('n', 1_000_000);
        var parse = () => KoreModelDeployJson.ParseDeployModelRequest($$"""{"name":"m",{{Hyper}},"deviceType":"g5.xlarge","{{name}}":1,"{{name}}":2}""");

        var error = parse.Should().ThrowExactly<KoreValidationException>().Which;
        error.Errors.Single().Path.Length.Should().BeLessThan(250);
        error.Message.Length.Should().BeLessThan(1_000);
    }
}
