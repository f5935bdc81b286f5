using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Validation;

/// <summary>A request with many problems is reported in full, once, and nothing is sent.</summary>
public class AllViolationsTests
{
    private static readonly DeployModelRequest Broken = new()
    {
        Name = " ",
        HyperParameters = new HyperParameters { Temperature = 2.5, MaxTokens = 600, TopP = double.NaN, TopK = 0, StopSequence = [null!] },
        ScalingParameters = new ScalingParameters { MaxBatchSize = 300, MinReplicas = 12, MaxReplicas = 60, ScaleUpDelay = 0, ScaleDownDelay = 10 },
        DeviceType = new DeviceType("p5.48xlarge"),
        OptimizationInfo = new OptimizationInfo { OptimizationType = new OptimizationType("tensorrt"), QuantizationType = new QuantizationType("int4") },
    };

    [Fact]
    public async Task Every_violation_is_reported_at_once_by_json_path_with_value_and_allowed_range()
    {
        var mock = new CountingMock();

        var call = () => mock.Client().DeployAsync("..", new ModelType("base"), Broken);

        var exception = (await call.Should().ThrowExactlyAsync<KoreValidationException>()).Which;
        exception.Errors.Select(e => (e.Path, e.AttemptedValue)).Should().Equal(
            ("modelId", "\"..\""),
            ("modelType", "\"base\""),
            ("name", "\" \""),
            ("hyperParameters.temperature", "2.5"),
            ("hyperParameters.maxTokens", "600"),
            ("hyperParameters.topP", "NaN"),
            ("hyperParameters.topK", "0"),
            ("hyperParameters.stopSequence[0]", null),
            ("scalingParameters.maxBatchSize", "300"),
            ("scalingParameters.minReplicas", "12"),
            ("scalingParameters.maxReplicas", "60"),
            ("scalingParameters.scaleUpDelay", "0"),
            ("scalingParameters.scaleDownDelay", "10"),
            ("deviceType", "\"p5.48xlarge\""),
            ("optimizationInfo.optimizationType", "\"tensorrt\""),
            ("optimizationInfo.quantizationType", "\"int4\""));
        exception.Errors.Single(e => e.Path == "hyperParameters.temperature").Message.Should().Be("must be between 0 and 2 (inclusive)");
        exception.Errors.Single(e => e.Path == "scalingParameters.scaleDownDelay").Message.Should().Be("must be between 50 and 2000 (inclusive)");
        exception.Errors.Single(e => e.Path == "hyperParameters.topP").Message.Should().Be("must be a finite number between 0 and 1 (inclusive)");

        mock.RequestCount.Should().Be(0, "nothing is sent when any rule is broken");
        mock.Handler.VerifyNoOutstandingRequest();
    }

    [Fact]
    public async Task Message_lists_every_violation_on_its_own_line()
    {
        var mock = new CountingMock();

        var call = () => mock.Client().DeployAsync(TestIds.ModelId, ModelType.FineTune, Broken);

        var exception = (await call.Should().ThrowExactlyAsync<KoreValidationException>()).Which;
        var lines = exception.Message.Split(Environment.NewLine);
        lines[0].Should().Be($"The request breaks {exception.Errors.Count} rules and was not sent:");
        // ArgumentException appends the parameter name to its message, after the last error.
        lines[^1].Should().EndWith(" (Parameter 'name')");
        lines.Skip(1).Select(l => l.Replace(" (Parameter 'name')", "", StringComparison.Ordinal)).Should().Equal(exception.Errors.Select(e => "  " + e));
        exception.Message.Should().Contain("hyperParameters.topK = 0: must be between 1 and 100 (inclusive)");
        exception.ParamName.Should().Be("name", "the first broken field is the argument exception's parameter");
    }

    [Fact]
    public async Task Single_violation_uses_the_singular()
    {
        var mock = new CountingMock();

        var call = () => mock.Client().DeployAsync(TestIds.ModelId, ModelType.FineTune, TestClients.ValidRequest with { Name = "" });

        (await call.Should().ThrowExactlyAsync<KoreValidationException>()).Which.Message.Should().StartWith("The request breaks 1 rule and was not sent:");
    }
}
