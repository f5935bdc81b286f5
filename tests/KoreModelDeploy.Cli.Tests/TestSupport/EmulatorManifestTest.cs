namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// What a test of <c>plan</c>, <c>apply</c> or a <c>journal</c> verb starts from: a folder of its own with the manifest
/// and journal paths in it, and an emulator on loopback whose jobs end at their first poll.
/// </summary>
public abstract class EmulatorManifestTest : IAsyncLifetime, IDisposable
{
    private protected TempDirectory Dir { get; } = new();

    private protected EmulatorFixture Emulator { get; private set; } = null!;

    private protected string ManifestPath => Dir.File("kore.json");

    private protected string JournalPath => Dir.File("kore.test.journal.jsonl");

    public async Task InitializeAsync() => Emulator = await EmulatorFixture.StartAsync(o => o.JobDuration = TimeSpan.Zero);

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
