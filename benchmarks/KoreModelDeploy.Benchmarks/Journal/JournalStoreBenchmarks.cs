using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Journal.AzureBlob;
using KoreModelDeploy.Cli.Journal.PostgreSql;
using KoreModelDeploy.Testing;
using Npgsql;

namespace KoreModelDeploy.Benchmarks.Journal;

/// <summary>
/// What one journal event costs in each store, against the file store apply has always used: an append made durable
/// before it returns (the file's <c>fsync</c>, PostgreSQL's commit, Azure Blob's append under its lease and position
/// condition), and what taking and releasing the lock costs once per apply. The servers are real and local: a
/// PostgreSQL with <c>fsync</c> on (<see cref="PostgreSqlServer"/>) over loopback TCP, and Azurite over loopback HTTP.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class JournalStoreBenchmarks
{
    private const string Environment = "bench";
    private static readonly Uri Host = new("https://agent-platform.example.test/");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kore-journal-bench-" + Guid.NewGuid().ToString("N")[..8]);
    private PostgreSqlServer _postgreSql = null!;
    private AzuriteServer _azurite = null!;
    private FileJournalStore _file = null!;
    private PostgreSqlJournalStore _postgreSqlStore = null!;
    private AzureBlobJournalStore _azureBlobStore = null!;
    private IJournalSession _fileSession = null!;
    private IJournalSession _postgreSqlSession = null!;
    private IJournalSession _azureBlobSession = null!;
    private long _events;

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_directory);
        _postgreSql = PostgreSqlServer.StartAsync(durable: true).GetAwaiter().GetResult();
        var connectionString = _postgreSql.CreateDatabaseAsync("kore_journal").GetAwaiter().GetResult();
        using (var connection = new NpgsqlConnection(connectionString))
        {
            connection.Open();
            PostgreSqlJournalSchema.Create(connection);
        }

        _azurite = AzuriteServer.StartAsync().GetAwaiter().GetResult();

        _file = new FileJournalStore(Path.Combine(_directory, "bench.journal.jsonl"), Environment, Host, TimeProvider.System);
        _postgreSqlStore = Store(PostgreSqlJournalLocation.Parse($"postgres://postgres@127.0.0.1:{_postgreSql.Port}/kore_journal", _ => null));
        _azureBlobStore = Store(AzureBlobJournalLocation.Parse(
            "azblob://bench/journals",
            name => name == AzureBlobJournalLocation.ConnectionVariable ? _azurite.ConnectionString : null));

        // The stores' journals exist before the lock is measured, as for every apply but an environment's first.
        using (_file.Open(init: true))
        using (_postgreSqlStore.Open(init: true))
        using (_azureBlobStore.Open(init: true))
        {
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NpgsqlConnection.ClearAllPools();
        _postgreSql.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [GlobalSetup(Targets = [nameof(AppendToFile), nameof(AppendToPostgreSql), nameof(AppendToAzureBlob)])]
    public void OpenSessions()
    {
        Setup();
        _fileSession = _file.Open(init: false);
        _postgreSqlSession = _postgreSqlStore.Open(init: false);
        _azureBlobSession = _azureBlobStore.Open(init: false);
    }

    [GlobalCleanup(Targets = [nameof(AppendToFile), nameof(AppendToPostgreSql), nameof(AppendToAzureBlob)])]
    public void CloseSessions()
    {
        _fileSession.Dispose();
        _postgreSqlSession.Dispose();
        _azureBlobSession.Dispose();
        Cleanup();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("append one event")]
    public void AppendToFile() => _fileSession.Append(NextEvent());

    [Benchmark, BenchmarkCategory("append one event")]
    public void AppendToPostgreSql() => _postgreSqlSession.Append(NextEvent());

    [Benchmark, BenchmarkCategory("append one event")]
    public void AppendToAzureBlob() => _azureBlobSession.Append(NextEvent());

    [Benchmark(Baseline = true), BenchmarkCategory("take and release the lock")]
    public void LockFile() => _file.Open(init: false).Dispose();

    [Benchmark, BenchmarkCategory("take and release the lock")]
    public void LockPostgreSql() => _postgreSqlStore.Open(init: false).Dispose();

    [Benchmark, BenchmarkCategory("take and release the lock")]
    public void LockAzureBlob() => _azureBlobStore.Open(init: false).Dispose();

    /// <summary>A job id as apply records it the moment a deploy answers: the commonest event.</summary>
    private JournalEvent.Started NextEvent()
    {
        var n = Interlocked.Increment(ref _events);
        return new JournalEvent.Started("cm-bench-" + (n % 50).ToString(System.Globalization.CultureInfo.InvariantCulture), StepCall.Deploy, "ds-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static PostgreSqlJournalStore Store(PostgreSqlJournalLocation location) =>
        new PostgreSqlJournalStore(location, Environment, Environment, Host, TimeProvider.System, Holder(location.Display));

    private static AzureBlobJournalStore Store(AzureBlobJournalLocation location) =>
        new AzureBlobJournalStore(location, Environment, Environment, Host, TimeProvider.System, Holder(location.Display), wait: null, settings: null);

    private static JournalHolder Holder(string store) => JournalHolder.Current(store, _ => null, TimeProvider.System);
}
