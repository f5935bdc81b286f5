using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Tests.Polling;

/// <summary>
/// Waits against a server that follows the vendor's documents, over real loopback sockets: the emulator, which was
/// written from the documents independently of the client. Delays are tens of milliseconds, so real time is fine here.
/// </summary>
public sealed class EmulatorWaitTests
{
    private static readonly DockPollingOptions FastPolling = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        Jitter = 0,
        Timeout = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public async Task A_job_that_finishes_after_a_few_polls_returns_success()
    {
        // The job ends on the emulator's own clock once the client has seen it running twice: with a job of a few
        // hundred milliseconds of real time, a busy machine made the first poll come after the job had ended.
        var emulatorClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions { JobDuration = TimeSpan.FromMinutes(1), TimeProvider = emulatorClock });
        var client = CreateClient(emulator);

        var waiting = client.DeployAndWaitAsync("cm-emulator-success", ModelType.OpenSource, PollingTestContext.Request, cancellationToken: TestToken);
        await Eventually.WaitUntilAsync(() => emulator.GetRequestCount(EmulatorEndpoint.DockStatus) >= 2, "two polls of the running job");
        emulatorClock.Advance(TimeSpan.FromMinutes(1));
        var final = await Eventually.Within(waiting);

        final.Status.Should().Be(DockJobStatus.Success);
        emulator.GetRequestCount(EmulatorEndpoint.DockStatus).Should().BeGreaterThan(2, "the polls that saw the job running, then the one that saw it end");
        emulator.GetDeployedModelIds().Should().Contain("cm-emulator-success");
    }

    [Fact]
    public async Task A_failing_job_gives_the_typed_failure_with_the_vendor_message()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.FailNextJob("Insufficient GPU capacity in region");
        var client = CreateClient(emulator);

        var act = () => client.DeployAndWaitAsync("cm-emulator-failure", ModelType.FineTune, PollingTestContext.Request, cancellationToken: TestToken);

        var failure = (await act.Should().ThrowAsync<KoreJobFailedException>()).Which;
        failure.VendorMessage.Should().Be("Insufficient GPU capacity in region");
        failure.Status.ModelId.Should().Be("cm-emulator-failure");
    }

    [Fact]
    public async Task A_status_endpoint_answering_503_then_an_html_502_then_429_still_completes()
    {
        await using var emulator = await StartAsync();
        var client = CreateClient(emulator);
        var operation = await client.StartDeployAsync("cm-emulator-flaky", ModelType.OpenSource, PollingTestContext.Request, TestToken);
        emulator.Faults.Enqueue(EmulatorFault.ServerError(503), EmulatorEndpoint.DockStatus);
        emulator.Faults.Enqueue(EmulatorFault.GatewayHtml(502), EmulatorEndpoint.DockStatus);
        emulator.Faults.Enqueue(EmulatorFault.RateLimited(TimeSpan.FromSeconds(1)), EmulatorEndpoint.DockStatus);

        var started = DateTime.UtcNow;
        var final = await operation.WaitForCompletionAsync(FastPolling, cancellationToken: TestToken);

        final.Status.Should().Be(DockJobStatus.Success);
        (DateTime.UtcNow - started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9), "the 429's Retry-After of 1 s is honoured");
        emulator.GetRequestCount(EmulatorEndpoint.DockStatus).Should().BeGreaterThanOrEqualTo(4);
        emulator.GetRequestCount(EmulatorEndpoint.Deploy).Should().Be(1);
    }

    [Fact]
    public async Task A_job_that_never_finishes_times_out_with_its_id()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.NeverCompleteNextJob();
        var client = CreateClient(emulator);

        var act = () => client.DeployAndWaitAsync("cm-emulator-stuck", ModelType.OpenSource, PollingTestContext.Request, FastPolling.With(o => o.Timeout = TimeSpan.FromSeconds(1)), cancellationToken: TestToken);

        var timeout = (await act.Should().ThrowAsync<KoreJobTimeoutException>()).Which;
        timeout.DockStatusId.Should().StartWith("ds-");
        timeout.LastStatus!.Status.Should().Be(DockJobStatus.InProgress);
    }

    [Fact]
    public async Task A_wait_resumes_from_the_id_in_a_client_that_never_saw_the_deploy()
    {
        await using var emulator = await StartAsync();
        var started = await CreateClient(emulator).DeployAsync("cm-emulator-resume", ModelType.OpenSource, PollingTestContext.Request, TestToken);

        var final = await CreateClient(emulator).GetDockOperation(started.DockStatusId).WaitForCompletionAsync(FastPolling, cancellationToken: TestToken);

        final.Status.Should().Be(DockJobStatus.Success);
        final.Id.Should().Be(started.DockStatusId);
    }

    private static CancellationToken TestToken => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static Task<KoreEmulator> StartAsync() =>
        KoreEmulator.StartAsync(new KoreEmulatorOptions { JobDuration = TimeSpan.FromMilliseconds(300) });

    private static ModelDeploymentClient CreateClient(KoreEmulator emulator) =>
        new(new KoreModelDeployOptions { Host = emulator.BaseAddress, ApiKey = emulator.ApiKey, Polling = FastPolling });
}
