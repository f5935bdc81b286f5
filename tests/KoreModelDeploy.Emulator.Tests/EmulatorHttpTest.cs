using static KoreModelDeploy.Emulator.Tests.TestSupport;

namespace KoreModelDeploy.Emulator.Tests;

/// <summary>A test class that speaks to its own emulator over HTTP: one emulator and one client per test.</summary>
/// <param name="configure">Changes to the emulator's default options, if any.</param>
public abstract class EmulatorHttpTest(Action<KoreEmulatorOptions>? configure = null) : IAsyncLifetime
{
    /// <summary>The emulator of the running test.</summary>
    protected KoreEmulator Emulator { get; private set; } = null!;

    /// <summary>A client of <see cref="Emulator"/> that sends its key.</summary>
    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await StartAsync(configure);
        Client = CreateClient(Emulator);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
