using KoreModelDeploy.Emulator;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>An emulator with short jobs, a tool runner pointed at it, and deploy files; disposed together.</summary>
internal sealed class EmulatorSession : IAsyncDisposable
{
    /// <summary>A key no test text contains by accident, so scans for it mean something.</summary>
    public const string ApiKey = "kg-cli-secret-7f3a9c2e51";

    /// <summary>Polls fast enough that short jobs end in a few polls, within the emulator's rate limit.</summary>
    public static readonly string[] FastPolling = ["--poll-delay", "50ms", "--poll-max-delay", "100ms"];

    private EmulatorSession(KoreEmulator emulator)
    {
        Emulator = emulator;
        Runner = ToolRunner.For(emulator.BaseAddress, ApiKey);
    }

    public KoreEmulator Emulator { get; }

    public ToolRunner Runner { get; }

    public TempDeployFiles Files { get; } = new();

    /// <param name="jobDuration">How long jobs run; 250 ms unless given.</param>
    /// <param name="clock">The emulator's clock (jobs and slow responses); the system clock unless given.</param>
    public static async Task<EmulatorSession> StartAsync(TimeSpan? jobDuration = null, TimeProvider? clock = null) =>
        new(await KoreEmulator.StartAsync(new KoreEmulatorOptions
        {
            ApiKey = ApiKey,
            JobDuration = jobDuration ?? TimeSpan.FromMilliseconds(250),
            TimeProvider = clock ?? TimeProvider.System,
        }));

    /// <summary><c>deploy cm-test --type openSource --file valid.json</c> with fast polling and the extra arguments.</summary>
    public Task<ToolRun> DeployAsync(params string[] extra) =>
        Runner.RunAsync([.. DeployArgs("cm-test"), .. extra]);

    public string[] DeployArgs(string modelId) => ["deploy", modelId, "--type", "openSource", "--file", Files.Valid, .. FastPolling];

    public async ValueTask DisposeAsync()
    {
        Files.Dispose();
        await Emulator.DisposeAsync();
    }
}
