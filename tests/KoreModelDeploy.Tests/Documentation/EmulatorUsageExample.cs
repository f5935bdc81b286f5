using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Tests.Documentation;

/// <summary>The README's "testing your own code" example, kept as a real test so it always compiles and passes.</summary>
public sealed class EmulatorUsageExample
{
    [Fact]
    public async Task A_failing_job_on_the_emulator_reaches_the_caller_with_the_vendor_message()
    {
        var request = new DeployModelRequest
        {
            Name = "gpt2",
            HyperParameters = new HyperParameters { Temperature = 1, MaxTokens = 512, TopP = 1, TopK = 50 },
            DeviceType = DeviceType.G5XLarge,
        };

        // <snippet:emulator-test>
        await using var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions { JobDuration = TimeSpan.FromMilliseconds(200) });
        emulator.Faults.FailNextJob("GPU quota exceeded");

        var client = new ModelDeploymentClient(new KoreModelDeployOptions
        {
            Host = emulator.BaseAddress,
            ApiKey = emulator.ApiKey,
            Polling = new DockPollingOptions { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(100) },
        });

        var act = () => client.DeployAndWaitAsync("cm-my-model", ModelType.FineTune, request);

        var failure = (await act.Should().ThrowAsync<KoreJobFailedException>()).Which;
        failure.VendorMessage.Should().Be("GPU quota exceeded");
        // </snippet:emulator-test>
    }
}
