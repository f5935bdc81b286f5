using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Journal.PostgreSql;
using KoreModelDeploy.Testing;
using Npgsql;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// One throwaway PostgreSQL server per test class, with a database whose journal tables the tool itself created. Each
/// test keeps to journals of its own names, so tests of one class never see each other's rows.
/// </summary>
/// <remarks>
/// The server trusts every connection. <see cref="PostgreSqlPasswordJournalFixture"/> is the same fixture on a server
/// that asks for a password.
/// </remarks>
public class PostgreSqlJournalFixture : IAsyncLifetime
{
    /// <summary>The journal's database.</summary>
    public const string Database = "kore_journal";

    private readonly bool _requirePassword;
    private PostgreSqlServer? _server;

    /// <summary>A fixture on a server that trusts every connection.</summary>
    public PostgreSqlJournalFixture()
        : this(requirePassword: false)
    {
    }

    /// <param name="requirePassword">
    /// Whether connections over TCP must log in with a password (<c>scram-sha-256</c>). Then the tool connects as
    /// <see cref="User"/>, a role of its own with a password made for this run (<see cref="Password"/>) that owns the
    /// journal's database, and the journal's tables are left for the test's <c>journal init</c> to create.
    /// </param>
    private protected PostgreSqlJournalFixture(bool requirePassword)
    {
        _requirePassword = requirePassword;
        User = requirePassword ? "kore_deployer" : "postgres";
        Password = requirePassword ? "pw-" + Guid.NewGuid().ToString("N") : string.Empty;
    }

    internal PostgreSqlServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The role the tool connects as.</summary>
    public string User { get; }

    /// <summary>
    /// <see cref="User"/>'s password, made for this run; empty where the server trusts every connection. A test puts
    /// it where a user would (<c>PGPASSWORD</c>, a <c>PGPASSFILE</c>, <c>KORE_JOURNAL_CONNECTION</c>), never in <see cref="Uri"/>.
    /// </summary>
    public string Password { get; }

    /// <summary>The journal's URI, as a user passes it with --journal.</summary>
    public string Uri => $"postgres://{User}@127.0.0.1:{Server.Port}/{Database}";

    /// <summary>A superuser's connection string to the journal's database, for looking at it and cutting sessions.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    internal PostgreSqlJournalLocation Location => PostgreSqlJournalLocation.Parse(Uri, _ => null);

    public async Task InitializeAsync()
    {
        _server = await PostgreSqlServer.StartAsync(_requirePassword);
        if (_requirePassword)
        {
            await CreateLoginRoleAsync();
            ConnectionString = await _server.CreateDatabaseAsync(Database, owner: User);
            return;
        }

        ConnectionString = await _server.CreateDatabaseAsync(Database);
        await CreateTablesAsync();
    }

    /// <summary>
    /// Creates <see cref="User"/> with <see cref="Password"/>, stored as a <c>scram-sha-256</c> verifier (PostgreSQL 13
    /// would store MD5, which a <c>scram-sha-256</c> line of pg_hba.conf refuses). Both are plain words: no quoting needed.
    /// </summary>
    private async Task CreateLoginRoleAsync()
    {
        var settings = new NpgsqlConnectionStringBuilder(Server.ConnectionString()) { CommandTimeout = 0, Timeout = 60, Pooling = false };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SET password_encryption = 'scram-sha-256'; CREATE ROLE {User} LOGIN PASSWORD '{Password}'", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Creates the journal's tables with the tool's own script, on a connection with no command timeout and a generous
    /// connect timeout: the store's own bounds are for users' servers, and a starved test machine once ran past them.
    /// </summary>
    private async Task CreateTablesAsync()
    {
        var settings = new NpgsqlConnectionStringBuilder(ConnectionString) { CommandTimeout = 0, Timeout = 60, Pooling = false };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync();
        PostgreSqlJournalSchema.Create(connection);
    }

    /// <summary>Restarts the server as <c>pg_ctl restart -m fast</c> does, on the same port: every session ends, the test's own pooled ones too.</summary>
    public async Task RestartAsync()
    {
        await Server.RestartAsync();
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A store on journal <paramref name="name"/>, for environment <paramref name="environment"/>.</summary>
    internal PostgreSqlJournalStore Store(string name, string environment, Uri? host = null, JournalHolder? holder = null, LockWait? wait = null, PostgreSqlJournalLocation? location = null) =>
        new(location ?? Location, name, environment, host ?? new Uri("https://prod.example.test/"), TimeProvider.System, holder ?? Holder("tester"), wait);

    /// <summary>A holder as another machine's run would record itself.</summary>
    internal static JournalHolder Holder(string user, string? runUrl = null) =>
        new(user, "machine-of-" + user, 4242, runUrl, DateTimeOffset.UtcNow, "postgres://test");

    /// <summary>Runs one SQL statement as the superuser and returns its first value.</summary>
    public async Task<object?> ScalarAsync(string sql, string? database = null)
    {
        await using var connection = new NpgsqlConnection(database is null ? ConnectionString : Server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
