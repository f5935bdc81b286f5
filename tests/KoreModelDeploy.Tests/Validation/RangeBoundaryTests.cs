using System.Globalization;
using System.Text.Json.Nodes;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Validation;

/// <summary>
/// Every numeric range of the vendor's parameter tables, at its ends and one step outside them: the ends are sent,
/// anything outside is refused before a request is made.
/// </summary>
public class RangeBoundaryTests
{
    public static TheoryData<string, double, bool> FloatBoundaries => new()
    {
        { "hyperParameters.temperature", 0, true },
        { "hyperParameters.temperature", 2, true },
        { "hyperParameters.temperature", 1.5, true },
        { "hyperParameters.temperature", Math.BitDecrement(0.0), false },
        { "hyperParameters.temperature", Math.BitIncrement(2.0), false },
        { "hyperParameters.temperature", -1, false },
        { "hyperParameters.temperature", double.NaN, false },
        { "hyperParameters.temperature", double.PositiveInfinity, false },
        { "hyperParameters.temperature", double.NegativeInfinity, false },
        { "hyperParameters.topP", 0, true },
        { "hyperParameters.topP", 1, true },
        { "hyperParameters.topP", Math.BitDecrement(0.0), false },
        { "hyperParameters.topP", Math.BitIncrement(1.0), false },
        { "hyperParameters.topP", double.NaN, false },
        { "hyperParameters.topP", double.PositiveInfinity, false },
        { "hyperParameters.topP", double.NegativeInfinity, false },
    };

    public static TheoryData<string, int, bool> IntegerBoundaries => new()
    {
        { "hyperParameters.maxTokens", 0, true },
        { "hyperParameters.maxTokens", 512, true },
        { "hyperParameters.maxTokens", -1, false },
        { "hyperParameters.maxTokens", 513, false },
        { "hyperParameters.topK", 1, true },
        { "hyperParameters.topK", 100, true },
        { "hyperParameters.topK", 0, false },
        { "hyperParameters.topK", 101, false },
        { "scalingParameters.maxBatchSize", 1, true },
        { "scalingParameters.maxBatchSize", 256, true },
        { "scalingParameters.maxBatchSize", 0, false },
        { "scalingParameters.maxBatchSize", 257, false },
        { "scalingParameters.minReplicas", 1, true },
        { "scalingParameters.minReplicas", 10, true },
        { "scalingParameters.minReplicas", 0, false },
        { "scalingParameters.minReplicas", 11, false },
        { "scalingParameters.maxReplicas", 1, true },
        { "scalingParameters.maxReplicas", 50, true },
        { "scalingParameters.maxReplicas", 0, false },
        { "scalingParameters.maxReplicas", 51, false },
        { "scalingParameters.scaleUpDelay", 1, true },
        { "scalingParameters.scaleUpDelay", 1000, true },
        { "scalingParameters.scaleUpDelay", 0, false },
        { "scalingParameters.scaleUpDelay", 1001, false },
        { "scalingParameters.scaleDownDelay", 50, true },
        { "scalingParameters.scaleDownDelay", 2000, true },
        { "scalingParameters.scaleDownDelay", 49, false },
        { "scalingParameters.scaleDownDelay", 2001, false },
        { "scalingParameters.scaleDownDelay", int.MinValue, false },
    };

    [Theory]
    [MemberData(nameof(FloatBoundaries))]
    public async Task Float_ranges_are_inclusive_and_finite(string path, double value, bool valid)
    {
        var request = With(path, value);

        await AssertBoundary(request, path, value.ToString("R", CultureInfo.InvariantCulture), valid, sent => sent.GetValue<double>().Should().Be(value));
    }

    [Theory]
    [MemberData(nameof(IntegerBoundaries))]
    public async Task Integer_ranges_are_inclusive(string path, int value, bool valid)
    {
        var request = With(path, value);

        await AssertBoundary(request, path, value.ToString(CultureInfo.InvariantCulture), valid, sent => sent.GetValue<int>().Should().Be(value));
    }

    private static async Task AssertBoundary(DeployModelRequest request, string path, string text, bool valid, Action<JsonNode> checkSent)
    {
        var mock = new CountingMock();
        var deploy = () => mock.Client().DeployAsync(TestIds.ModelId, ModelType.OpenSource, request);

        if (valid)
        {
            await deploy.Should().NotThrowAsync();
            mock.RequestCount.Should().Be(1);
            var body = JsonNode.Parse(mock.Script.Requests.Single().Body!)!;
            var segments = path.Split('.');
            checkSent(body[segments[0]]![segments[1]]!);
        }
        else
        {
            var error = (await deploy.Should().ThrowExactlyAsync<KoreValidationException>()).Which.Errors.Should().ContainSingle().Subject;
            error.Path.Should().Be(path);
            error.AttemptedValue.Should().Be(text);
            error.Message.Should().MatchRegex(@"between -?\d+ and \d+ \(inclusive\)");
            mock.RequestCount.Should().Be(0, "an invalid request is never sent");
        }
    }

    private static DeployModelRequest With(string path, double value)
    {
        var request = TestClients.ValidRequest;
        return path switch
        {
            "hyperParameters.temperature" => request with { HyperParameters = request.HyperParameters with { Temperature = value } },
            "hyperParameters.topP" => request with { HyperParameters = request.HyperParameters with { TopP = value } },
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, null),
        };
    }

    private static DeployModelRequest With(string path, int value)
    {
        var request = TestClients.ValidRequest;
        var scaling = new ScalingParameters();
        return path switch
        {
            "hyperParameters.maxTokens" => request with { HyperParameters = request.HyperParameters with { MaxTokens = value } },
            "hyperParameters.topK" => request with { HyperParameters = request.HyperParameters with { TopK = value } },
            "scalingParameters.maxBatchSize" => request with { ScalingParameters = scaling with { MaxBatchSize = value } },
            "scalingParameters.minReplicas" => request with { ScalingParameters = scaling with { MinReplicas = value } },
            "scalingParameters.maxReplicas" => request with { ScalingParameters = scaling with { MaxReplicas = value } },
            "scalingParameters.scaleUpDelay" => request with { ScalingParameters = scaling with { ScaleUpDelay = value } },
            "scalingParameters.scaleDownDelay" => request with { ScalingParameters = scaling with { ScaleDownDelay = value } },
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, null),
        };
    }
}
