using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Journal.AzureBlob;
using KoreModelDeploy.Testing;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// One throwaway Azurite blob server per test class (<see cref="AzuriteServer"/>: the pinned npm package on a free port of
/// 127.0.0.1, storing on disk), with the journal stores tests build on it. A server that does not start fails the test
/// saying why; nothing is skipped.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's published development account key: a well-known value, not a secret.</summary>
    public const string AccountKey = AzuriteServer.AccountKey;

    private AzuriteServer? _server;

    private AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite has not been started.");

    /// <summary>The port Azurite's blob service listens on, on 127.0.0.1.</summary>
    public int Port => Server.Port;

    /// <summary>The account's connection string, as <c>AZURE_STORAGE_CONNECTION_STRING</c> holds it.</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <summary>Reads the environment as a run with the connection string set sees it.</summary>
    public Func<string, string?> Variables => name => name == AzureBlobJournalLocation.ConnectionVariable ? ConnectionString : null;

    public async Task InitializeAsync() => _server = await AzuriteServer.StartAsync();

    /// <summary>A journal location in a container of its own.</summary>
    internal AzureBlobJournalLocation Location(string container, string path = "journals") =>
        AzureBlobJournalLocation.Parse($"azblob://{container}/{path}", Variables);

    /// <summary>A store on journal <paramref name="name"/> of <paramref name="container"/>.</summary>
    internal AzureBlobJournalStore Store(
        string container,
        string name,
        string environment,
        Uri? host = null,
        JournalHolder? holder = null,
        LockWait? wait = null,
        AzureBlobJournalSettings? settings = null,
        TimeProvider? time = null) =>
        new(Location(container), name, environment, host ?? new Uri("https://prod.example.test/"), time ?? TimeProvider.System, holder ?? Holder("tester"), wait, settings);

    /// <summary>A holder as another machine's run would record itself.</summary>
    internal static JournalHolder Holder(string user, string? runUrl = null) =>
        new(user, "machine-of-" + user, 4242, runUrl, DateTimeOffset.UtcNow, "azblob://test");

    /// <summary>Kills Azurite at once, as a crash would; <see cref="StartAgainAsync"/> brings it back with what it stored.</summary>
    public Task KillAsync() => Server.KillAsync();

    /// <summary>Stops Azurite mid-apply (SIGTERM, then SIGKILL once its index is saved); <see cref="StartAgainAsync"/> brings it back.</summary>
    public Task StopAsync() => Server.StopAsync();

    /// <summary>Starts Azurite again on <see cref="Port"/> with the same storage, and waits until it answers.</summary>
    public Task StartAgainAsync() => Server.StartAgainAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
