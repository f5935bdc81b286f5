using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Tests.Serialization;

/// <summary>
/// What the client sends passes the emulator in its default, strict mode (no unknown fields, no nulls, integers
/// without fractions, one key each, <c>application/json; charset=utf-8</c>), end to end over loopback: a job that
/// reaches SUCCESS proves the body was accepted.
/// </summary>
public sealed class StrictEmulatorWireTests
{
    private static readonly DockPollingOptions FastPolling = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        Jitter = 0,
        Timeout = TimeSpan.FromSeconds(20),
    };

    public static TheoryData<string, DeployModelRequest> Requests => new()
    {
        {
            "every optional member null",
            new DeployModelRequest
            {
                Name = "minimal",
                HyperParameters = new HyperParameters { Temperature = 0.7, MaxTokens = 256, TopP = 0.9, TopK = 40, StopSequence = null },
                DeviceType = DeviceType.G4dnXLarge,
                ScalingParameters = null,
                OptimizationInfo = null,
                IsDeployedPreviously = null,
            }
        },
        {
            "nested objects with some members null",
            new DeployModelRequest
            {
                Name = "partial",
                HyperParameters = new HyperParameters { Temperature = 2, MaxTokens = 0, TopP = 0, TopK = 100, StopSequence = ["###", ""] },
                DeviceType = DeviceType.G5XLarge,
                ScalingParameters = new ScalingParameters { MaxReplicas = 50 },
                OptimizationInfo = new OptimizationInfo { QuantizationType = QuantizationType.Int8Float16 },
                IsDeployedPreviously = false,
            }
        },
        { "the open-source sample built as records", VendorSampleRequests.OpenSource },
        { "the open-source sample parsed from the vendor's JSON", KoreModelDeployJson.ParseDeployModelRequest(VendorSampleJson.OpenSourceRequest) },
        { "the fine-tune sample parsed from the vendor's JSON", KoreModelDeployJson.ParseDeployModelRequest(VendorSampleJson.FineTuneRequest) },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task The_clients_request_is_accepted_by_the_strict_emulator(string description, DeployModelRequest request)
    {
        var options = new KoreEmulatorOptions { JobDuration = TimeSpan.FromMilliseconds(100) };
        options.Lenient.Should().BeFalse("the emulator is strict unless told otherwise");
        await using var emulator = await KoreEmulator.StartAsync(options);
        var client = new ModelDeploymentClient(new KoreModelDeployOptions { Host = emulator.BaseAddress, ApiKey = emulator.ApiKey, Polling = FastPolling });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var final = await client.DeployAndWaitAsync("cm-strict", ModelType.OpenSource, request, cancellationToken: timeout.Token);

        final.Status.Should().Be(DockJobStatus.Success, description);
        emulator.GetDeployedModelIds().Should().Equal("cm-strict");
    }
}
