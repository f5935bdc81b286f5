namespace KoreModelDeploy.Tests.Serialization;

/// <summary>
/// Reading a deploy file: lenient by default (unknown members ignored, as documented), strict on request
/// (<see cref="DeployFileReadOptions.RejectUnknownMembers"/>), and every problem named in the file's terms: its JSON
/// path, a 1-based line and column, the kind of value expected, never a .NET type.
/// </summary>
public sealed class DeployFileReadingTests
{
    private const string Misspelled = """
        {
          "$schema": "https://example.test/deploy.schema.json",
          "name": "m",
          "hyperParameters": { "temperature": 1, "maxTokens": 1, "topP": 1, "topK": 1, "stopSequences": [] },
          "scalingParameters": { "maxReplica": 4 },
          "devicetype": "g4dn.xlarge",
          "deviceType": "g5.xlarge"
        }
        """;

    private static readonly DeployFileReadOptions Strict = new() { RejectUnknownMembers = true };

    [Fact]
    public void By_default_unknown_members_are_ignored_as_documented()
    {
        var request = KoreModelDeployJson.ParseDeployModelRequest(Misspelled);

        request.ScalingParameters!.MaxReplicas.Should().BeNull();
        request.DeviceType.ToString().Should().Be("g5.xlarge");
    }

    [Fact]
    public void Strict_reading_refuses_each_unknown_member_by_path_with_the_closest_known_one()
    {
        var parse = () => KoreModelDeployJson.ParseDeployModelRequest(Misspelled, Strict);

        var errors = parse.Should().ThrowExactly<KoreValidationException>().Which.Errors;
        errors.Select(e => e.Path).Should().Equal("$.hyperParameters.stopSequences", "$.scalingParameters.maxReplica", "$.devicetype");
        errors[0].Message.Should().Contain("did you mean stopSequence?").And.Contain("line 4, column 80");
        errors[1].Message.Should().Contain("did you mean maxReplicas?").And.Contain("line 5, column 26");
        errors[2].Message.Should().Contain("did you mean deviceType?").And.Contain("line 6, column 3");
    }

    [Fact]
    public void Strict_reading_allows_a_top_level_schema_reference_and_reads_a_clean_file()
    {
        var request = KoreModelDeployJson.ParseDeployModelRequest(
            """{"$schema":"x","name":"m","hyperParameters":{"temperature":1,"maxTokens":1,"topP":1,"topK":1},"deviceType":"g5.xlarge","isDeployedPreviouly":true}""",
            Strict);

        request.Name.Should().Be("m");
        request.IsDeployedPreviously.Should().BeTrue("the older samples' spelling of the flag is a known member");
    }

    [Fact]
    public void A_member_with_no_close_known_one_lists_the_object_s_members()
    {
        var parse = () => KoreModelDeployJson.ParseDeployModelRequest(
            """{"name":"m","hyperParameters":{"temperature":1,"maxTokens":1,"topP":1,"topK":1},"deviceType":"g5.xlarge","region":"eu"}""",
            Strict);

        parse.Should().ThrowExactly<KoreValidationException>().Which.Errors.Single().Message
            .Should().Contain("its members are name, hyperParameters, scalingParameters, deviceType, optimizationInfo, isDeployedPreviously");
    }

    [Fact]
    public void A_syntax_error_names_its_line_and_column_counted_from_1()
    {
        var text = "{\n  \"name\": \"m\",\n  \"deviceType\": \"g5.xlarge\"\n  \"topK\": 1\n}";

        var parse = () => KoreModelDeployJson.ParseDeployModelRequest(text);

        var error = parse.Should().ThrowExactly<KoreValidationException>().Which.Errors.Single();
        error.Path.Should().Be("$");
        error.Message.Should().StartWith("not valid JSON at line 4, column 3: ").And.NotContain("LineNumber").And.NotContain("BytePositionInLine");
    }

    [Fact]
    public void A_missing_member_and_values_of_the_wrong_kind_are_all_named_without_NET_type_names()
    {
        var parse = () => KoreModelDeployJson.ParseDeployModelRequest(
            """{"name":"m","hyperParameters":{"temperature":"hot","maxTokens":"many","topP":1,"topK":1.5},"scalingParameters":[],"isDeployedPreviously":"yes"}""");

        var errors = parse.Should().ThrowExactly<KoreValidationException>().Which.Errors;
        (string Path, string Message)[] expected =
        [
            ("$.hyperParameters.temperature", "must be a number, not text (line 1, column 46)."),
            ("$.hyperParameters.maxTokens", "must be a whole number, not text (line 1, column 64)."),
            ("$.hyperParameters.topK", "must be a whole number from -2147483648 to 2147483647 (line 1, column 87)."),
            ("$.scalingParameters", "must be an object (scalingParameters), not an array (line 1, column 112)."),
            ("$.isDeployedPreviously", "must be true or false, not text (line 1, column 138)."),
            ("$.deviceType", "is required and missing from the deploy request (the object at line 1, column 1)."),
        ];
        errors.Select(e => (e.Path, e.Message)).Should().Equal(expected);
        errors.Should().OnlyContain(e => !e.Message.Contains("KoreModelDeploy.", StringComparison.Ordinal) && !e.Message.Contains("System.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_required_member_missing_from_a_nested_object_is_named_by_its_path()
    {
        var parse = () => KoreModelDeployJson.ParseDeployModelRequest(
            """{"name":"m","hyperParameters":{"temperature":1,"topP":1,"topK":1},"deviceType":"g5.xlarge"}""");

        var error = parse.Should().ThrowExactly<KoreValidationException>().Which.Errors.Single();
        error.Path.Should().Be("$.hyperParameters.maxTokens");
        error.Message.Should().Contain("is required and missing from hyperParameters");
    }
}
