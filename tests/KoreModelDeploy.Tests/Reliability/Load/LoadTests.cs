using System.Diagnostics;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.Reliability.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace KoreModelDeploy.Tests.Reliability.Load;

/// <summary>
/// A thousand deployments waited for at once over loopback, with one status answer in ten failing and one job in
/// twenty scripted to fail: every wait ends exactly as scripted, nothing hangs, nothing is left unobserved.
/// </summary>
[Collection(SerialGroup.Name)]
[Trait("Category", "Load")]
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Operations = 1000;

    [Fact]
    public async Task A_thousand_concurrent_waits_end_exactly_as_scripted()
    {
        var failing = Enumerable.Range(0, Operations).Where(i => i % 20 == 7).Select(ModelId).ToHashSet(StringComparer.Ordinal);
        // Jobs end on the emulator's own clock, moved once the waits have polled the running jobs twice each on average
        // (polls of one job are at least a second apart): with jobs of 3 s of real time, a busy machine first polled
        // most jobs after they had ended.
        var emulatorClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var emulatorOptions = new KoreEmulatorOptions
        {
            TimeProvider = emulatorClock,
            JobDuration = TimeSpan.FromMinutes(1),
            TransientStatusFailureRate = 0.1,
            Seed = 42,

            // Each job is polled well under the vendor's 60 a minute, so throttling cannot blur the script.
            DockStatusRateLimitEnabled = true,
        };
        foreach (var id in failing)
        {
            emulatorOptions.JobFailuresByModelId[id] = "scripted failure for " + id;
        }

        var unobserved = 0;
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => Interlocked.Increment(ref unobserved);
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

            await using (var emulator = await KoreEmulator.StartAsync(emulatorOptions))
            {
                var client = new ModelDeploymentClient(new KoreModelDeployOptions
                {
                    Host = emulator.BaseAddress,
                    ApiKey = emulator.ApiKey,
                    Retry = new KoreRetryOptions { Delay = TimeSpan.FromMilliseconds(20), UseJitter = true },
                    Polling = new DockPollingOptions
                    {
                        InitialDelay = TimeSpan.FromMilliseconds(50),
                        Multiplier = 1.5,
                        MaxDelay = TimeSpan.FromMilliseconds(300),
                        Jitter = 0.2,
                        // Far beyond what a wait needs, even on a busy machine: a wait that times out here is a defect.
                        Timeout = TimeSpan.FromMinutes(3),
                        MaxConsecutiveFailures = 10,
                    },
                });

                var watch = Stopwatch.StartNew();
                var waits = Enumerable.Range(0, Operations).Select(i => RunAsync(client, ModelId(i))).ToList();
                var all = Task.WhenAll(waits);
                await Eventually.WaitUntilAsync(
                    () => emulator.GetRequestCount(EmulatorEndpoint.DockStatus) > Operations * 2 || all.IsCompleted,
                    "the waits to poll the running jobs",
                    TimeSpan.FromMinutes(3));
                emulatorClock.Advance(emulatorOptions.JobDuration);
                var finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(4))) == all;
                watch.Stop();

                finished.Should().BeTrue("a thousand waits must not deadlock");
                var outcomes = await all;
                var succeeded = outcomes.Count(o => o.Outcome == "SUCCESS");
                var failed = outcomes.Count(o => o.Outcome == "FAILED");
                var statusCalls = emulator.GetRequestCount(EmulatorEndpoint.DockStatus);
                var injected = InjectedFailures(statusCalls, emulatorOptions.TransientStatusFailureRate, emulatorOptions.Seed);
                output.WriteLine(FormattableString.Invariant(
                    $"{Operations} waits in {watch.Elapsed.TotalSeconds:0.0} s: {succeeded} SUCCESS, {failed} FAILED; {emulator.GetRequestCount(EmulatorEndpoint.Deploy)} deploy POSTs, {statusCalls} status GETs of which {injected} answered 503"));

                outcomes.Where(o => o.Outcome != (failing.Contains(o.ModelId) ? "FAILED" : "SUCCESS"))
                    .Select(o => $"{o.ModelId}: {o.Outcome}").Should().BeEmpty("every wait ends as scripted");
                failed.Should().Be(failing.Count);
                emulator.GetRequestCount(EmulatorEndpoint.Deploy).Should().Be(Operations, "no deploy is sent twice");
                emulator.GetDeployedModelIds().Should().HaveCount(Operations - failing.Count);
                statusCalls.Should().BeGreaterThan(Operations * 2, "every job stays IN_PROGRESS for several polls");
                injected.Should().BeGreaterThan(statusCalls / 20, "about one status answer in ten failed, and every wait absorbed it");
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
            output.WriteLine(FormattableString.Invariant($"managed heap: {memoryBefore / 1048576.0:0.0} MB before, {memoryAfter / 1048576.0:0.0} MB after"));
            (memoryAfter - memoryBefore).Should().BeLessThan(64L * 1024 * 1024, "finished waits must not keep their state alive");
            unobserved.Should().Be(0);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
    }

    // The emulator draws once per status call from Random(Seed) (its README), so the number of 503s follows from the count.
    private static int InjectedFailures(int statusCalls, double rate, int seed)
    {
#pragma warning disable CA5394 // Replays the emulator's seeded sequence; nothing security related.
        var random = new Random(seed);
        return Enumerable.Range(0, statusCalls).Count(_ => random.NextDouble() < rate);
#pragma warning restore CA5394
    }

    private static string ModelId(int i) => FormattableString.Invariant($"cm-load-{i:0000}");

    private static async Task<(string ModelId, string Outcome)> RunAsync(ModelDeploymentClient client, string modelId)
    {
        try
        {
            var final = await client.DeployAndWaitAsync(modelId, ModelType.OpenSource, ReliabilitySetup.Request);
            return (modelId, final.Status.ToString());
        }
        catch (KoreJobFailedException ex) when (ex.VendorMessage == "scripted failure for " + modelId)
        {
            return (modelId, "FAILED");
        }
#pragma warning disable CA1031 // Anything else is recorded as the outcome and fails the comparison with the script.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (modelId, ex.GetType().Name + ": " + ex.Message);
        }
    }
}
