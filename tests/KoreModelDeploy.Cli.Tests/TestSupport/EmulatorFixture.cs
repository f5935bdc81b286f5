using KoreModelDeploy.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// An emulator on loopback whose jobs run for an hour of a fake clock: they stay IN_PROGRESS until the test calls
/// <see cref="FinishRunningJobs"/>, so a test decides when waits end and never sleeps through a job.
/// </summary>
internal sealed class EmulatorFixture : IAsyncDisposable
{
    private readonly KoreEmulatorOptions _options;

    private EmulatorFixture(KoreEmulator emulator, FakeTimeProvider clock, KoreEmulatorOptions options)
    {
        Emulator = emulator;
        Clock = clock;
        _options = options;
    }

    /// <summary>A key no test text contains by accident, so a scan for it means something.</summary>
    public const string ApiKey = "kg-apply-secret-5e1d7b20";

    public KoreEmulator Emulator { get; private set; }

    public FakeTimeProvider Clock { get; }

    public Uri Host => Emulator.BaseAddress;

    public int DeployPosts => Emulator.GetRequestCount(EmulatorEndpoint.Deploy);

    public int UndeployPosts => Emulator.GetRequestCount(EmulatorEndpoint.Undeploy);

    /// <summary>The tool's environment: the emulator's key, nothing else.</summary>
    public IReadOnlyDictionary<string, string> ToolEnvironment => new Dictionary<string, string> { ["KORE_API_KEY"] = Emulator.ApiKey };

    public static async Task<EmulatorFixture> StartAsync(Action<KoreEmulatorOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new KoreEmulatorOptions
        {
            ApiKey = ApiKey,
            TimeProvider = clock,
            JobDuration = TimeSpan.FromHours(1),
            // The fake clock stands still while the tool polls; the vendor's limit is the SDK's concern, tested there.
            DockStatusRateLimitEnabled = false,
        };
        configure?.Invoke(options);
        return new EmulatorFixture(await KoreEmulator.StartAsync(options), clock, options);
    }

    /// <summary>
    /// Stops the emulator and starts a new one on the same address, as the platform restarting: every deployment and
    /// job it held is lost, and a manifest naming the address still reaches it. Request counts start again at zero.
    /// </summary>
    public async Task RestartAsync()
    {
        var port = Emulator.BaseAddress.Port;
        await Emulator.DisposeAsync();
        // The options are read once, at start: the new emulator is configured as the old one was, on its port.
        _options.Port = port;
        Emulator = await KoreEmulator.StartAsync(_options);
    }

    /// <summary>Every job started so far ends at its next poll.</summary>
    public void FinishRunningJobs() => Clock.Advance(TimeSpan.FromHours(2));

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
