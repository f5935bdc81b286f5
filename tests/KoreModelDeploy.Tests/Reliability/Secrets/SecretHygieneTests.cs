using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.Reliability.FaultMatrix;
using KoreModelDeploy.Tests.Reliability.Support;
using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Tests.Reliability.Secrets;

/// <summary>
/// With everything switched on (Trace logging, every activity source, every meter), the API key shows up nowhere:
/// not in logs, scopes or state, not in activities, baggage or metric tags, not in exceptions, not in options.ToString (ApiKeySecrecyTests).
/// </summary>
[Collection(SerialGroup.Name)]
public sealed class SecretHygieneTests
{
    private const string WrongKey = "kg-RELIABILITY-WRONG-5d21e0-SECRET";

    [Fact]
    public async Task Every_fault_path_keeps_the_key_out_of_logs_telemetry_and_exceptions()
    {
        using var telemetry = new TelemetryCapture();
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var exceptions = new List<Exception>();

        foreach (var operation in MatrixRules.Operations)
        {
            foreach (var fault in MatrixRules.Faults)
            {
                var result = await MatrixRunner.RunAsync(operation, fault, FaultMode.Always, loggers);
                if (result.Exception is { } ex)
                {
                    exceptions.Add(ex);
                }
            }
        }

        // The paths really ran and were really observed: failures were logged, traced, measured and thrown.
        logs.Entries.Should().Contain(e => Mentions(e, "will be retried", StringComparison.Ordinal));
        logs.Entries.Should().Contain(e => Mentions(e, "ended FAILED", StringComparison.Ordinal));
        telemetry.SourceNames.Should().ContainKey("KoreModelDeploy");
        telemetry.InstrumentNames.Should().ContainKey("kore.client.request.duration");
        exceptions.Should().HaveCountGreaterThan(40);

        AssertNoKey(ReliabilitySetup.ApiKey, logs, telemetry, exceptions);
    }

    [Fact]
    public async Task Through_dependency_injection_and_real_sockets_no_success_or_failure_path_reveals_a_key()
    {
        await using var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions
        {
            ApiKey = ReliabilitySetup.ApiKey,
            JobDuration = TimeSpan.FromMilliseconds(150),
            DockStatusRateLimitEnabled = false,
        });
        using var telemetry = new TelemetryCapture();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        // AddDefaultLogger restores IHttpClientFactory's header logging, which the registration leaves out by default.
        services.AddKoreModelDeploy(o => Configure(o, emulator.BaseAddress, ReliabilitySetup.ApiKey)).AddDefaultLogger();
        services.AddKoreModelDeploy("wrong", o => Configure(o, emulator.BaseAddress, WrongKey)).AddDefaultLogger();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IModelDeploymentClient>();
        var wrong = provider.GetRequiredKeyedService<IModelDeploymentClient>("wrong");
        var exceptions = new List<Exception>();

        async Task Observe(Func<Task> call)
        {
            try
            {
                await call();
            }
#pragma warning disable CA1031 // Every exception is collected and scanned.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                exceptions.Add(ex);
            }
        }

        await Observe(() => client.DeployAndWaitAsync("cm-hygiene-1", ModelType.OpenSource, ReliabilitySetup.Request));
        await Observe(() => client.UndeployAndWaitAsync("cm-hygiene-1"));
        emulator.Faults.FailNextJob("GPU quota exceeded; request carried x-api-key " + ReliabilitySetup.ApiKey);
        await Observe(() => client.DeployAndWaitAsync("cm-hygiene-2", ModelType.FineTune, ReliabilitySetup.Request));
        var started = await client.DeployAsync("cm-hygiene-3", ModelType.OpenSource, ReliabilitySetup.Request);
        foreach (var fault in new[] { EmulatorFault.ServerError(500), EmulatorFault.GatewayHtml(502), EmulatorFault.AbortConnection(), EmulatorFault.TruncatedJson() })
        {
            emulator.Faults.Enqueue(fault, EmulatorEndpoint.DockStatus, count: 4);
            await Observe(() => client.GetDockStatusAsync(started.DockStatusId));
            emulator.Faults.Clear();
        }

        emulator.Faults.Enqueue(EmulatorFault.ServerError(503), EmulatorEndpoint.Deploy);
        await Observe(() => client.DeployAsync("cm-hygiene-4", ModelType.OpenSource, ReliabilitySetup.Request));
        await Observe(() => wrong.DeployAsync("cm-hygiene-5", ModelType.OpenSource, ReliabilitySetup.Request));
        await Observe(() => wrong.GetDockStatusAsync(started.DockStatusId));
        await Observe(() => client.DeployAsync("cm-hygiene-6", ModelType.OpenSource, ReliabilitySetup.Request with { Name = " " }));

        // Positive controls: the header logging of IHttpClientFactory ran (and redacted), sockets were traced and measured.
        logs.Entries.Should().Contain(e => Mentions(e, "x-api-key: *", StringComparison.OrdinalIgnoreCase));
        telemetry.SourceNames.Should().ContainKey("System.Net.Http");
        telemetry.InstrumentNames.Should().ContainKey("http.client.request.duration");
        exceptions.Select(e => e.GetType().Name).Should().Contain([nameof(KoreJobFailedException), nameof(KoreApiException), nameof(KoreValidationException)]);
        exceptions.OfType<KoreApiException>().Should().Contain(e => e.Kind == KoreErrorKind.Authentication);

        AssertNoKey(ReliabilitySetup.ApiKey, logs, telemetry, exceptions);
        AssertNoKey(WrongKey, logs, telemetry, exceptions);
    }

    [Fact]
    public void Invalid_options_name_the_setting_without_echoing_the_key()
    {
        var broken = ReliabilitySetup.Options(o =>
        {
            o.ApiKey = ReliabilitySetup.ApiKey + "\n";
            o.Host = new Uri("http://kore.example");
        });

        var act = () => new ModelDeploymentClient(broken);

        act.Should().Throw<ArgumentException>()
            .Which.ToString().Should().NotContain(ReliabilitySetup.ApiKey).And.Contain("ApiKey").And.Contain("https");
    }

    private static void Configure(KoreModelDeployOptions options, Uri host, string key)
    {
        options.Host = host;
        options.ApiKey = key;
        options.Retry.Delay = TimeSpan.FromMilliseconds(5);
        options.Retry.UseJitter = false;
        options.Polling = new DockPollingOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(50), Jitter = 0, Timeout = TimeSpan.FromSeconds(20) };
    }

    private static void AssertNoKey(string key, CapturingLoggerProvider logs, TelemetryCapture telemetry, List<Exception> exceptions)
    {
        logs.Entries.Should().NotBeEmpty().And.NotContain(e => Mentions(e, key, StringComparison.Ordinal), "logs must not carry the key");
        telemetry.Activities.Should().NotBeEmpty().And.NotContain(a => a.Contains(key, StringComparison.Ordinal), "activities must not carry the key");
        telemetry.Measurements.Should().NotBeEmpty().And.NotContain(m => m.Contains(key, StringComparison.Ordinal), "metric tags must not carry the key");
        exceptions.Where(e => SecretScanner.Leaks(e, key)).Select(e => e.ToString()).Should().BeEmpty("exceptions must not carry the key");
    }

    private static bool Mentions(LogEntry entry, string text, StringComparison comparison) =>
        entry.AllText().Any(t => t.Contains(text, comparison));
}
