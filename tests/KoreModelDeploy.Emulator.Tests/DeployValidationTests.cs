using System.Net;
using System.Text.Json.Nodes;
using static KoreModelDeploy.Emulator.Tests.TestSupport;

namespace KoreModelDeploy.Emulator.Tests;

public sealed class DeployValidationTests : EmulatorHttpTest
{
    [Theory]
    [InlineData("openSource", SampleOpenSourceBody)]
    [InlineData("fineTune", SampleFineTuneBody)]
    public async Task The_vendors_sample_requests_are_accepted_with_the_vendors_response_shape(string modelType, string body)
    {
        using var response = await DeployAsync(Client, "cm-2xxxxxxxxxxxxxxxxxx0", body, modelType);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var json = await ReadObjectAsync(response);
        json.Select(property => property.Key).Should().Equal("dock-statusId", "modelId", "jobType", "action", "status");
        ((string)json["dock-statusId"]!).Should().MatchRegex("^ds-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
        ((string)json["modelId"]!).Should().Be("cm-2xxxxxxxxxxxxxxxxxx0");
        ((string)json["jobType"]!).Should().Be("MODELS");
        ((string)json["action"]!).Should().Be("DEPLOY");
        ((string)json["status"]!).Should().Be("IN_PROGRESS");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("opensource")]
    [InlineData("custom")]
    public async Task A_missing_or_unknown_model_type_is_a_400(string? modelType)
    {
        using var response = await DeployAsync(Client, "cm-1", SampleOpenSourceBody, modelType);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadErrorsAsync(response, 400)).Should().Equal("modelType must be one of: openSource, fineTune");
    }

    [Theory]
    [InlineData("hyperParameters.temperature", 0, true)]
    [InlineData("hyperParameters.temperature", 2, true)]
    [InlineData("hyperParameters.temperature", -0.01, false)]
    [InlineData("hyperParameters.temperature", 2.01, false)]
    [InlineData("hyperParameters.maxTokens", 0, true)]
    [InlineData("hyperParameters.maxTokens", 512, true)]
    [InlineData("hyperParameters.maxTokens", -1, false)]
    [InlineData("hyperParameters.maxTokens", 513, false)]
    [InlineData("hyperParameters.topP", 0, true)]
    [InlineData("hyperParameters.topP", 1, true)]
    [InlineData("hyperParameters.topP", -0.001, false)]
    [InlineData("hyperParameters.topP", 1.001, false)]
    [InlineData("hyperParameters.topK", 1, true)]
    [InlineData("hyperParameters.topK", 100, true)]
    [InlineData("hyperParameters.topK", 0, false)]
    [InlineData("hyperParameters.topK", 101, false)]
    [InlineData("scalingParameters.maxBatchSize", 1, true)]
    [InlineData("scalingParameters.maxBatchSize", 256, true)]
    [InlineData("scalingParameters.maxBatchSize", 0, false)]
    [InlineData("scalingParameters.maxBatchSize", 257, false)]
    [InlineData("scalingParameters.minReplicas", 1, true)]
    [InlineData("scalingParameters.minReplicas", 0, false)]
    [InlineData("scalingParameters.minReplicas", 11, false)]
    [InlineData("scalingParameters.maxReplicas", 50, true)]
    [InlineData("scalingParameters.maxReplicas", 0, false)]
    [InlineData("scalingParameters.maxReplicas", 51, false)]
    [InlineData("scalingParameters.scaleUpDelay", 1, true)]
    [InlineData("scalingParameters.scaleUpDelay", 1000, true)]
    [InlineData("scalingParameters.scaleUpDelay", 0, false)]
    [InlineData("scalingParameters.scaleUpDelay", 1001, false)]
    [InlineData("scalingParameters.scaleDownDelay", 50, true)]
    [InlineData("scalingParameters.scaleDownDelay", 2000, true)]
    [InlineData("scalingParameters.scaleDownDelay", 49, false)]
    [InlineData("scalingParameters.scaleDownDelay", 2001, false)]
    public async Task Numeric_ranges_are_inclusive_and_violations_name_the_field(string path, double value, bool valid)
    {
        var body = ValidBody().With(path, JsonValue.Create(value));
        if (path == "scalingParameters.minReplicas")
        {
            body.With("scalingParameters.maxReplicas", 50);
        }

        using var response = await DeployAsync(Client, "cm-1", body);

        if (valid)
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            return;
        }

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = await ReadErrorsAsync(response, 400);
        errors.Should().ContainSingle().Which.Should().StartWith(path + " must be between ");
    }

    [Fact]
    public async Task The_top_k_message_matches_the_documented_wording()
    {
        using var response = await DeployAsync(Client, "cm-1", ValidBody().With("hyperParameters.topK", 0));

        (await ReadErrorsAsync(response, 400)).Should().Equal("hyperParameters.topK must be between 1 and 100");
    }

    [Theory]
    [InlineData("hyperParameters.maxTokens", "12.5", "hyperParameters.maxTokens must be an integer")]
    [InlineData("hyperParameters.topK", "\"50\"", "hyperParameters.topK must be an integer")]
    [InlineData("hyperParameters.temperature", "\"1\"", "hyperParameters.temperature must be a number")]
    [InlineData("hyperParameters.stopSequence", "\"END\"", "hyperParameters.stopSequence must be an array of strings")]
    [InlineData("hyperParameters.stopSequence", "[\"END\", 3]", "hyperParameters.stopSequence[1] must be a string")]
    [InlineData("hyperParameters", "[]", "hyperParameters must be an object")]
    [InlineData("scalingParameters", "5", "scalingParameters must be an object")]
    [InlineData("name", "42", "name must be a string")]
    [InlineData("name", "\"   \"", "name must not be blank")]
    [InlineData("deviceType", "\"p4d.24xlarge\"", "deviceType must be one of: g4dn.xlarge, g5.xlarge, g5.2xlarge, g6e.xlarge, g4dn.12xlarge, g5.12xlarge, g5.48xlarge, g4dn.metal")]
    [InlineData("optimizationInfo.optimizationType", "\"tensorrt\"", "optimizationInfo.optimizationType must be one of: \"\", ctranslate2, vllm")]
    [InlineData("optimizationInfo.quantizationType", "\"int4\"", "optimizationInfo.quantizationType must be one of: \"\", no_quantization, int8_float16")]
    [InlineData("isDeployedPreviouly", "\"yes\"", "isDeployedPreviouly must be a boolean")]
    [InlineData("isDeployedPreviously", "1", "isDeployedPreviously must be a boolean")]
    public async Task Wrong_types_and_values_are_reported_by_json_path(string path, string json, string expected)
    {
        using var response = await DeployAsync(Client, "cm-1", ValidBody().With(path, JsonNode.Parse(json)));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadErrorsAsync(response, 400)).Should().Equal(expected);
    }

    [Theory]
    [InlineData("name", "name is required")]
    [InlineData("hyperParameters", "hyperParameters is required")]
    [InlineData("hyperParameters.temperature", "hyperParameters.temperature is required")]
    [InlineData("hyperParameters.maxTokens", "hyperParameters.maxTokens is required")]
    [InlineData("hyperParameters.topP", "hyperParameters.topP is required")]
    [InlineData("hyperParameters.topK", "hyperParameters.topK is required")]
    [InlineData("deviceType", "deviceType is required")]
    public async Task Required_fields_are_reported_when_missing(string path, string expected)
    {
        using var response = await DeployAsync(Client, "cm-1", ValidBody().With(path, null, remove: true));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadErrorsAsync(response, 400)).Should().Equal(expected);
    }

    [Theory]
    [InlineData("scalingParameters")]
    [InlineData("optimizationInfo")]
    [InlineData("hyperParameters.stopSequence")]
    [InlineData("isDeployedPreviouly")]
    [InlineData("scalingParameters.maxBatchSize")]
    [InlineData("optimizationInfo.optimizationType")]
    public async Task Optional_fields_may_be_left_out(string path)
    {
        using var response = await DeployAsync(Client, "cm-1", ValidBody().With(path, null, remove: true));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("g4dn.xlarge")]
    [InlineData("g5.xlarge")]
    [InlineData("g5.2xlarge")]
    [InlineData("g6e.xlarge")]
    [InlineData("g4dn.12xlarge")]
    [InlineData("g5.12xlarge")]
    [InlineData("g5.48xlarge")]
    [InlineData("g4dn.metal")]
    public async Task Every_documented_device_type_is_accepted(string deviceType)
    {
        using var response = await DeployAsync(Client, "cm-1", ValidBody().With("deviceType", deviceType));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("ctranslate2", "no_quantization")]
    [InlineData("vllm", "int8_float16")]
    public async Task Optimization_values_including_empty_ones_are_accepted(string optimizationType, string quantizationType)
    {
        var body = ValidBody()
            .With("optimizationInfo.optimizationType", optimizationType)
            .With("optimizationInfo.quantizationType", quantizationType);

        using var response = await DeployAsync(Client, "cm-1", body);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("isDeployedPreviously")]
    [InlineData("isDeployedPreviouly")]
    public async Task Both_spellings_of_the_redeploy_flag_are_accepted(string flag)
    {
        var body = ValidBody().With("isDeployedPreviouly", null, remove: true).With(flag, false);

        using var response = await DeployAsync(Client, "cm-1", body);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Min_replicas_above_max_replicas_is_rejected()
    {
        var body = ValidBody().With("scalingParameters.minReplicas", 5).With("scalingParameters.maxReplicas", 4);

        using var response = await DeployAsync(Client, "cm-1", body);

        (await ReadErrorsAsync(response, 400)).Should().Equal(
            "scalingParameters.minReplicas must not be greater than scalingParameters.maxReplicas");
    }

    [Fact]
    public async Task Every_problem_is_reported_in_one_answer()
    {
        var body = ValidBody()
            .With("name", "")
            .With("hyperParameters.temperature", 3)
            .With("hyperParameters.topK", 0)
            .With("scalingParameters.scaleDownDelay", 10)
            .With("deviceType", null, remove: true);

        using var response = await DeployAsync(Client, "cm-1", body, modelType: "other");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadErrorsAsync(response, 400)).Should().BeEquivalentTo(
            "modelType must be one of: openSource, fineTune",
            "name must not be blank",
            "hyperParameters.temperature must be between 0 and 2",
            "hyperParameters.topK must be between 1 and 100",
            "scalingParameters.scaleDownDelay must be between 50 and 2000",
            "deviceType is required");
    }

    [Theory]
    [InlineData("{\"name\": \"x\",")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Malformed_json_is_a_400(string body)
    {
        using var response = await DeployAsync(Client, "cm-1", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadErrorsAsync(response, 400)).Should().Equal("Request body must be valid JSON");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    public async Task A_body_that_is_not_an_object_is_a_400(string body)
    {
        using var response = await DeployAsync(Client, "cm-1", body);

        (await ReadErrorsAsync(response, 400)).Should().Equal("Request body must be a JSON object");
    }
}
