namespace KoreModelDeploy.Fleet.Tests.TestSupport;

/// <summary>One throwaway PostgreSQL server for the collection; each test takes a database of its own.</summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    private PostgreSqlServer? _server;
    private int _databases;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync() =>
        (_server ?? throw new InvalidOperationException("The server has not started.")).CreateDatabaseAsync($"kore_fleet_{Interlocked.Increment(ref _databases)}");

    public async Task InitializeAsync() => _server = await PostgreSqlServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The fleet's tests share the server and run one at a time: each starts several processes.</summary>
[CollectionDefinition(Name)]
public sealed class FleetGroup : ICollectionFixture<PostgreSqlFixture>
{
    public const string Name = "Fleet";
}
