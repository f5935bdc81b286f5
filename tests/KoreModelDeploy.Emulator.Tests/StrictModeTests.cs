using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static KoreModelDeploy.Emulator.Tests.TestSupport;

namespace KoreModelDeploy.Emulator.Tests;

/// <summary>
/// The default, strict emulator refuses over HTTP what the documented contract does not promise, each refusal a 400 in
/// the vendor's error shape naming its JSON path, and still takes everything the vendor's own samples send.
/// </summary>
public sealed class StrictModeTests : EmulatorHttpTest
{
    [Fact]
    public void Strict_is_the_default()
    {
        new KoreEmulatorOptions().Lenient.Should().BeFalse();
    }

    [Theory]
    [InlineData("openSource", VendorSampleJson.OpenSourceRequest)]
    [InlineData("fineTune", VendorSampleJson.FineTuneRequest)]
    public async Task The_vendors_samples_pass_byte_for_byte_with_their_content_type(string modelType, string body)
    {
        // The samples carry the misspelled flag, "" for both optimization enums and an empty stopSequence.
        body.Should().Contain("\"isDeployedPreviouly\": true").And.Contain("\"optimizationType\": \"\"").And.Contain("\"stopSequence\": []");

        using var response = await PostAsync(body, "application/json", modelType);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("description", "\"not in the table\"", "description is not a field of the deploy request (names are case-sensitive)")]
    [InlineData("Name", "\"Flant5_model\"", "Name is not a field of the deploy request (names are case-sensitive)")]
    [InlineData("hyperParameters.topk", "50", "hyperParameters.topk is not a field of the deploy request (names are case-sensitive)")]
    [InlineData("scalingParameters.replicas", "2", "scalingParameters.replicas is not a field of the deploy request (names are case-sensitive)")]
    [InlineData("optimizationInfo.optimisationType", "\"vllm\"", "optimizationInfo.optimisationType is not a field of the deploy request (names are case-sensitive)")]
    [InlineData("$schema", "\"./deploy-model-request.schema.json\"", "$schema is not a field of the deploy request (names are case-sensitive)")]
    public async Task An_unknown_field_is_refused_by_its_path(string path, string json, string expected) =>
        await ExpectRefusalAsync(ValidBody().With(path, JsonNode.Parse(json)), expected);

    [Theory]
    [InlineData("name", "name must not be null (leave an optional field out instead)")]
    [InlineData("hyperParameters", "hyperParameters must not be null (leave an optional field out instead)")]
    [InlineData("hyperParameters.topK", "hyperParameters.topK must not be null (leave an optional field out instead)")]
    [InlineData("hyperParameters.stopSequence", "hyperParameters.stopSequence must not be null (leave an optional field out instead)")]
    [InlineData("scalingParameters", "scalingParameters must not be null (leave an optional field out instead)")]
    [InlineData("scalingParameters.maxReplicas", "scalingParameters.maxReplicas must not be null (leave an optional field out instead)")]
    [InlineData("deviceType", "deviceType must not be null (leave an optional field out instead)")]
    [InlineData("optimizationInfo.quantizationType", "optimizationInfo.quantizationType must not be null (leave an optional field out instead)")]
    [InlineData("isDeployedPreviouly", "isDeployedPreviouly must not be null (leave an optional field out instead)")]
    public async Task A_null_value_is_refused_by_its_path_and_counts_once(string path, string expected) =>
        await ExpectRefusalAsync(ValidBody().With(path, null), expected);

    [Theory]
    [InlineData("hyperParameters.topK", "50.0")]
    [InlineData("hyperParameters.maxTokens", "1e2")]
    [InlineData("hyperParameters.maxTokens", "5.12E2")]
    [InlineData("scalingParameters.maxBatchSize", "10.00")]
    [InlineData("scalingParameters.minReplicas", "1.0")]
    [InlineData("scalingParameters.maxReplicas", "2e0")]
    [InlineData("scalingParameters.scaleUpDelay", "30.0")]
    [InlineData("scalingParameters.scaleDownDelay", "6E2")]
    public async Task A_whole_number_written_as_a_float_is_refused_for_an_integer_field(string path, string number) =>
        await ExpectRefusalAsync(
            ValidBody().With(path, JsonNode.Parse(number)),
            path + " must be an integer written without a fraction or exponent, got " + number);

    [Theory]
    [InlineData("hyperParameters.temperature", "1e-1")]
    [InlineData("hyperParameters.temperature", "1.0")]
    [InlineData("hyperParameters.topP", "0.95")]
    [InlineData("hyperParameters.topP", "1E0")]
    public async Task Float_fields_take_any_json_number(string path, string number)
    {
        using var response = await DeployAsync(Client, "cm-1", ValidBody().With(path, JsonNode.Parse(number)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("\"name\": \"Flant5_model\",", "name appears more than once")]
    [InlineData("\"topK\": 50,", "hyperParameters.topK appears more than once")]
    [InlineData("\"maxReplicas\": 2,", "scalingParameters.maxReplicas appears more than once")]
    [InlineData("\"optimizationType\": \"\",", "optimizationInfo.optimizationType appears more than once")]
    public async Task A_key_repeated_in_one_object_is_refused_by_its_path(string member, string expected)
    {
        VendorSampleJson.OpenSourceRequest.Should().Contain(member);
        var body = VendorSampleJson.OpenSourceRequest.Replace(member, member + " " + member, StringComparison.Ordinal);

        using var response = await PostAsync(body, "application/json");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadErrorsAsync(response, 400)).Should().Equal(expected);
    }

    [Fact]
    public async Task A_key_repeated_three_times_is_reported_once()
    {
        var body = VendorSampleJson.OpenSourceRequest.Replace("\"topK\": 50,", "\"topK\": 50, \"topK\": 50, \"topK\": 50,", StringComparison.Ordinal);

        using var response = await PostAsync(body, "application/json");

        (await ReadErrorsAsync(response, 400)).Should().Equal("hyperParameters.topK appears more than once");
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; Charset=UTF-8")]
    [InlineData("application/json;charset=\"utf-8\"")]
    public async Task Json_with_an_optional_utf8_charset_is_the_accepted_content_type(string contentType)
    {
        using var response = await PostAsync(VendorSampleJson.OpenSourceRequest, contentType);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("text/plain", "'text/plain'")]
    [InlineData("text/plain; charset=utf-8", "'text/plain; charset=utf-8'")]
    [InlineData("application/x-www-form-urlencoded", "'application/x-www-form-urlencoded'")]
    [InlineData("application/json; charset=utf-16", "'application/json; charset=utf-16'")]
    [InlineData("application/json; charset=utf-8; profile=x", "'application/json; charset=utf-8; profile=x'")]
    [InlineData("application/problem+json", "'application/problem+json'")]
    [InlineData(null, "none")]
    public async Task Any_other_content_type_is_refused_naming_what_was_sent(string? contentType, string named)
    {
        using var response = await PostAsync(VendorSampleJson.OpenSourceRequest, contentType);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadErrorsAsync(response, 400)).Should().Equal(
            "Content-Type must be application/json (optionally with charset=utf-8), got " + named);
    }

    [Fact]
    public async Task Every_strict_refusal_is_reported_in_one_answer_and_starts_no_job()
    {
        var body = ValidBody()
            .With("comment", "x")
            .With("hyperParameters.topK", JsonNode.Parse("50.0"))
            .With("scalingParameters", null)
            .ToJsonString()
            .Replace("\"deviceType\":", "\"deviceType\":\"g5.xlarge\",\"deviceType\":", StringComparison.Ordinal);

        using var response = await PostAsync(body, "text/json");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadErrorsAsync(response, 400)).Should().BeEquivalentTo(
            "Content-Type must be application/json (optionally with charset=utf-8), got 'text/json'",
            "comment is not a field of the deploy request (names are case-sensitive)",
            "deviceType appears more than once",
            "hyperParameters.topK must be an integer written without a fraction or exponent, got 50.0",
            "scalingParameters must not be null (leave an optional field out instead)");
        Emulator.GetDeployedModelIds().Should().BeEmpty();
        using var status = await StatusAsync(Client, "ds-none");
        status.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Undeploy_sends_no_body_and_needs_no_content_type()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(clock: clock);
        using var client = CreateClient(emulator);
        await StartDeployAsync(client, "cm-undeploy");
        FinishJobs(clock);

        using var response = await UndeployAsync(client, "cm-undeploy");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task ExpectRefusalAsync(JsonNode body, string expected)
    {
        using var response = await DeployAsync(Client, "cm-1", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadErrorsAsync(response, 400)).Should().Equal(expected);
    }

    private Task<HttpResponseMessage> PostAsync(string body, string? contentType, string modelType = "openSource")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return Client.PostAsync(new Uri("api/public/models/cm-1/deploy?modelType=" + modelType, UriKind.Relative), content);
    }
}
