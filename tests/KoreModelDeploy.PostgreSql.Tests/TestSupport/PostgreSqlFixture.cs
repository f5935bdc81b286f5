using KoreModelDeploy.PostgreSql;
using Npgsql;

namespace KoreModelDeploy.PostgreSql.Tests.TestSupport;

/// <summary>One throwaway server for the collection, with a database whose poll budget table is created as an application would.</summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    private PostgreSqlServer? _server;
    private NpgsqlDataSource? _dataSource;

    internal PostgreSqlServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The budget's database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync()
    {
        _server = await PostgreSqlServer.StartAsync();
        ConnectionString = await _server.CreateDatabaseAsync("kore_budget");
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        await PostgreSqlPollBudgetSchema.CreateAsync(_dataSource);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Every test that needs the server runs in this collection, one at a time (one of them restarts it).</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlServerGroup : ICollectionFixture<PostgreSqlFixture>
{
    public const string Name = "PostgreSQL";
}
