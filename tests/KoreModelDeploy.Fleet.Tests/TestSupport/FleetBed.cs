using KoreModelDeploy.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Fleet.Tests.TestSupport;

/// <summary>
/// The emulator (its jobs stay IN_PROGRESS until <see cref="CompleteJobs"/>), the recording proxy in front of it, a
/// database of the test's own, and the fleet instances started on them; disposing ends them all.
/// </summary>
internal sealed class FleetBed : IAsyncDisposable
{
    private readonly FakeTimeProvider _emulatorClock;
    private readonly string _connectionString;
    private readonly List<FleetInstance> _instances = [];

    private FleetBed(FakeTimeProvider emulatorClock, KoreEmulator emulator, VendorProxy proxy, string connectionString)
    {
        _emulatorClock = emulatorClock;
        Emulator = emulator;
        Proxy = proxy;
        _connectionString = connectionString;
    }

    public KoreEmulator Emulator { get; }

    public VendorProxy Proxy { get; }

    /// <summary>The vendor's sample deploy request, as a deploy file holds it.</summary>
    public static string RequestJson => KoreModelDeployJson.Serialize(VendorSampleRequests.OpenSource);

    public static async Task<FleetBed> StartAsync(PostgreSqlFixture postgreSql)
    {
        var connectionString = await postgreSql.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions
        {
            TimeProvider = clock,
            JobDuration = TimeSpan.FromHours(1),
            // The emulator's clock stands still until the test moves it, so its per-job spacing would refuse every poll
            // after the first; the proxy's record checks the polls instead.
            DockStatusRateLimitEnabled = false,
        });
        var proxy = await VendorProxy.StartAsync(emulator.BaseAddress);
        return new FleetBed(clock, emulator, proxy, connectionString);
    }

    /// <summary>Starts an instance on the shared database, talking to the service through the proxy.</summary>
    public async Task<FleetInstance> StartInstanceAsync(string name)
    {
        var instance = await FleetInstance.StartAsync(name, _connectionString, Proxy.BaseAddress, Emulator.ApiKey);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>Ends every job the emulator holds: the next poll of each answers SUCCESS.</summary>
    public void CompleteJobs() => _emulatorClock.Advance(TimeSpan.FromHours(2));

    /// <summary>Every instance's output, for a failure message.</summary>
    public string Output => string.Join(Environment.NewLine, _instances.Select(i => $"--- {i.Name} ---{Environment.NewLine}{i.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await Proxy.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
