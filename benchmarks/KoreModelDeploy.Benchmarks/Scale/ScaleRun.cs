using System.Diagnostics;
using System.Globalization;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;
using Microsoft.Extensions.DependencyInjection;

namespace KoreModelDeploy.Benchmarks.Scale;

/// <summary>
/// Many concurrent deploy-and-wait operations against the emulator over real loopback sockets, with the client
/// resolved from dependency injection as applications get it. Prints wall time, CPU time, peak working set and the
/// TCP connections the client opened.
/// </summary>
public static class ScaleRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var operations = IntArg(args, "--operations", 1000);
        var jobMilliseconds = IntArg(args, "--job-ms", 500);
        var pollMilliseconds = IntArg(args, "--poll-ms", 50);
        var maxConnections = IntArg(args, "--max-connections", 0);

        // The reliability load shape: a share of status answers fail transiently (503) and a share of jobs end FAILED.
        var transientPercent = IntArg(args, "--transient-percent", 0);
        var failedPercent = IntArg(args, "--failed-percent", 0);

        await using var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions
        {
            JobDuration = TimeSpan.FromMilliseconds(jobMilliseconds),
            DockStatusRateLimitEnabled = false,
            TransientStatusFailureRate = transientPercent / 100.0,
            FailedJobFraction = failedPercent / 100.0,
            Seed = 7,
        }).ConfigureAwait(false);

        var connections = new ConnectionCounter();
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(o =>
            {
                o.Host = emulator.BaseAddress;
                o.ApiKey = emulator.ApiKey;
            })
            .ConfigurePrimaryHttpMessageHandler(() => connections.CreateHandler(maxConnections));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IModelDeploymentClient>();
        var polling = new DockPollingOptions
        {
            InitialDelay = TimeSpan.FromMilliseconds(pollMilliseconds),
            Multiplier = 1.5,
            MaxDelay = TimeSpan.FromMilliseconds(pollMilliseconds * 4),
            Timeout = TimeSpan.FromMinutes(2),
        };

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var tasks = new Task<string>[operations];
        for (var i = 0; i < operations; i++)
        {
            var modelId = "cm-scale-" + i.ToString("D5", CultureInfo.InvariantCulture);
            tasks[i] = OutcomeAsync(client, modelId, polling);
        }

        var outcomes = await Task.WhenAll(tasks).ConfigureAwait(false);
        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;

        var succeeded = outcomes.Count(o => o == "SUCCESS");
        var failedAsScripted = outcomes.Count(o => o == "FAILED");
        var unexpected = outcomes.Where(o => o is not "SUCCESS" and not "FAILED").ToList();
        var deploys = emulator.GetRequestCount(EmulatorEndpoint.Deploy);
        var polls = emulator.GetRequestCount(EmulatorEndpoint.DockStatus);
        var opened = connections.Opened;
        Console.WriteLine(FormattableString.Invariant($"| operations | succeeded | failed (typed KoreJobFailedException) | other outcomes | wall time | CPU time (client + emulator) | peak working set | deploy POSTs | status GETs | TCP connections opened | requests per connection |"));
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(FormattableString.Invariant(
            $"| {operations} | {succeeded} | {failedAsScripted} | {unexpected.Count} | {wall.Elapsed.TotalSeconds:0.00} s | {cpu.TotalSeconds:0.00} s | {process.PeakWorkingSet64 / (1024.0 * 1024):0} MB | {deploys} | {polls} | {opened} | {(deploys + polls) / (double)Math.Max(opened, 1):0.0} |"));
        Console.WriteLine(FormattableString.Invariant($"(job duration {jobMilliseconds} ms, first poll after {pollMilliseconds} ms, {transientPercent}% of status answers 503, {failedPercent}% of jobs FAILED, connection limit {(maxConnections > 0 ? maxConnections.ToString(CultureInfo.InvariantCulture) : "none")}, {Environment.ProcessorCount} cores, server GC: {System.Runtime.GCSettings.IsServerGC})"));

        if (unexpected.Count > 0 || (failedPercent == 0 && succeeded != operations))
        {
            foreach (var outcome in unexpected.Distinct())
            {
                Console.Error.WriteLine("unexpected outcome: " + outcome);
            }

            return 1;
        }

        return 0;
    }

    /// <summary>How one operation ended: SUCCESS, FAILED (as the emulator scripted it), or anything else, which is a defect.</summary>
    private static async Task<string> OutcomeAsync(IModelDeploymentClient client, string modelId, DockPollingOptions polling)
    {
        try
        {
            var final = await client.DeployAndWaitAsync(modelId, ModelType.OpenSource, Samples.FlanT5Request, polling).ConfigureAwait(false);
            return final.Status.ToString();
        }
        catch (KoreJobFailedException)
        {
            return "FAILED";
        }
        catch (Exception ex) when (ex is KoreApiException or KoreJobTimeoutException)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
