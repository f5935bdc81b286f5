using System.Text.Json.Nodes;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Validation;

/// <summary>The non-numeric rules of a deploy request: required members, documented values, cross-field rules.</summary>
public class RequestRuleTests
{
    private static async Task<KoreValidationError> SingleErrorFor(DeployModelRequest request, bool allowUndocumented = false)
    {
        var mock = new CountingMock();
        var deploy = () => mock.Client(o => o.AllowUndocumentedValues = allowUndocumented).DeployAsync(TestIds.ModelId, ModelType.OpenSource, request);

        var thrown = await deploy.Should().ThrowExactlyAsync<KoreValidationException>();
        mock.RequestCount.Should().Be(0);
        return thrown.Which.Errors.Should().ContainSingle().Subject;
    }

    private static async Task<JsonNode> SentBody(DeployModelRequest request, bool allowUndocumented = false)
    {
        var mock = new CountingMock();
        await mock.Client(o => o.AllowUndocumentedValues = allowUndocumented).DeployAsync(TestIds.ModelId, ModelType.OpenSource, request);
        mock.RequestCount.Should().Be(1);
        return JsonNode.Parse(mock.Script.Requests.Single().Body!)!;
    }

    [Fact]
    public async Task Missing_name_is_refused()
    {
        var error = await SingleErrorFor(TestClients.ValidRequest with { Name = null! });

        error.Should().Be(new KoreValidationError("name", null, "is required"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public async Task Blank_name_is_refused(string name)
    {
        var error = await SingleErrorFor(TestClients.ValidRequest with { Name = name });

        error.Path.Should().Be("name");
        error.AttemptedValue.Should().Be("\"" + name + "\"");
        error.Message.Should().Be("must not be blank");
    }

    [Fact]
    public async Task Missing_hyper_parameters_are_refused()
    {
        var error = await SingleErrorFor(TestClients.ValidRequest with { HyperParameters = null! });

        error.Should().Be(new KoreValidationError("hyperParameters", null, "is required"));
    }

    [Fact]
    public async Task Missing_device_type_is_refused()
    {
        var error = await SingleErrorFor(TestClients.ValidRequest with { DeviceType = default });

        error.Should().Be(new KoreValidationError("deviceType", null, "is required"));
    }

    [Fact]
    public async Task Empty_device_type_is_refused_as_missing()
    {
        var error = await SingleErrorFor(TestClients.ValidRequest with { DeviceType = new DeviceType("") });

        error.Path.Should().Be("deviceType");
        error.Message.Should().Be("is required");
    }

    [Fact]
    public async Task Undocumented_device_type_is_refused_by_default_with_the_documented_list()
    {
        var error = await SingleErrorFor(TestClients.ValidRequest with { DeviceType = new DeviceType("p5.48xlarge") });

        error.Path.Should().Be("deviceType");
        error.AttemptedValue.Should().Be("\"p5.48xlarge\"");
        error.Message.Should().Contain("\"g4dn.xlarge\"").And.Contain("\"g4dn.metal\"").And.Contain("\"g6e.xlarge\"");
    }

    [Fact]
    public async Task Undocumented_device_type_is_sent_when_allowed()
    {
        var body = await SentBody(TestClients.ValidRequest with { DeviceType = new DeviceType("p5.48xlarge") }, allowUndocumented: true);

        body["deviceType"]!.GetValue<string>().Should().Be("p5.48xlarge");
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
    public async Task Every_documented_device_type_is_sent(string device)
    {
        var body = await SentBody(TestClients.ValidRequest with { DeviceType = new DeviceType(device) });

        body["deviceType"]!.GetValue<string>().Should().Be(device);
    }

    [Fact]
    public async Task Undocumented_optimization_type_is_refused()
    {
        var error = await SingleErrorFor(TestClients.ValidRequest with { OptimizationInfo = new OptimizationInfo { OptimizationType = new OptimizationType("tensorrt") } });

        error.Path.Should().Be("optimizationInfo.optimizationType");
        error.AttemptedValue.Should().Be("\"tensorrt\"");
        error.Message.Should().Contain("\"ctranslate2\"").And.Contain("\"vllm\"");
    }

    [Fact]
    public async Task Undocumented_quantization_type_is_refused()
    {
        var error = await SingleErrorFor(TestClients.ValidRequest with { OptimizationInfo = new OptimizationInfo { QuantizationType = new QuantizationType("int4") } });

        error.Path.Should().Be("optimizationInfo.quantizationType");
        error.Message.Should().Contain("\"no_quantization\"").And.Contain("\"int8_float16\"");
    }

    [Fact]
    public async Task Undocumented_optimization_values_are_sent_when_allowed()
    {
        var body = await SentBody(
            TestClients.ValidRequest with { OptimizationInfo = new OptimizationInfo { OptimizationType = new OptimizationType("tensorrt"), QuantizationType = new QuantizationType("int4") } },
            allowUndocumented: true);

        body["optimizationInfo"]!["optimizationType"]!.GetValue<string>().Should().Be("tensorrt");
        body["optimizationInfo"]!["quantizationType"]!.GetValue<string>().Should().Be("int4");
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("vllm", "int8_float16")]
    [InlineData("ctranslate2", "no_quantization")]
    public async Task Documented_and_empty_optimization_values_are_sent(string optimization, string quantization)
    {
        var body = await SentBody(TestClients.ValidRequest with
        {
            OptimizationInfo = new OptimizationInfo { OptimizationType = new OptimizationType(optimization), QuantizationType = new QuantizationType(quantization) },
        });

        body["optimizationInfo"]!["optimizationType"]!.GetValue<string>().Should().Be(optimization);
        body["optimizationInfo"]!["quantizationType"]!.GetValue<string>().Should().Be(quantization);
    }

    [Fact]
    public async Task Min_replicas_above_max_replicas_is_refused()
    {
        var error = await SingleErrorFor(TestClients.ValidRequest with { ScalingParameters = new ScalingParameters { MinReplicas = 5, MaxReplicas = 3 } });

        error.Path.Should().Be("scalingParameters.minReplicas");
        error.AttemptedValue.Should().Be("5");
        error.Message.Should().Contain("scalingParameters.maxReplicas").And.Contain("3");
    }

    [Fact]
    public async Task Equal_min_and_max_replicas_are_sent()
    {
        var body = await SentBody(TestClients.ValidRequest with { ScalingParameters = new ScalingParameters { MinReplicas = 4, MaxReplicas = 4 } });

        body["scalingParameters"]!["minReplicas"]!.GetValue<int>().Should().Be(4);
    }

    [Fact]
    public async Task Null_stop_sequence_entry_is_refused_by_index()
    {
        var request = TestClients.ValidRequest with
        {
            HyperParameters = TestClients.ValidRequest.HyperParameters with { StopSequence = ["</s>", null!, "\n"] },
        };

        var error = await SingleErrorFor(request);

        error.Should().Be(new KoreValidationError("hyperParameters.stopSequence[1]", null, "must not be null"));
    }

    [Fact]
    public async Task Null_request_is_refused()
    {
        var mock = new CountingMock();

        var deploy = () => mock.Client().DeployAsync(TestIds.ModelId, ModelType.OpenSource, null!);

        (await deploy.Should().ThrowExactlyAsync<KoreValidationException>()).Which.Errors.Single().Path.Should().Be("request");
        mock.RequestCount.Should().Be(0);
    }
}
