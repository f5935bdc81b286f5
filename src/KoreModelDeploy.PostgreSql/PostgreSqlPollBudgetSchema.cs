using Npgsql;

namespace KoreModelDeploy.PostgreSql;

/// <summary>
/// The table a <see cref="PostgreSqlPollBudget"/> keeps its slots in. Creating it is explicit: run
/// <see cref="CreateAsync"/> once (at deployment, with a role allowed to create tables), or have a DBA run
/// <see cref="Script"/>, shipped in the package as <c>sql/poll-budget-v1.sql</c>.
/// </summary>
public static class PostgreSqlPollBudgetSchema
{
    /// <summary>The schema version this release creates and uses, recorded in <c>kore_schema_version</c> under <c>poll_budget</c>.</summary>
    public const int Version = 1;

    private static readonly Lazy<string> ScriptText = new(ReadScript);

    /// <summary>The SQL that creates the tables: idempotent, safe to run again.</summary>
    public static string Script => ScriptText.Value;

    /// <summary>Creates the poll budget's tables if they do not exist yet, and records the schema version.</summary>
    /// <param name="dataSource">The database to create them in (the tables go into the connection's search path).</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <exception cref="InvalidOperationException">The database holds a newer version of the schema than this release knows.</exception>
    public static async Task CreateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand(Script, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var read = new NpgsqlCommand("SELECT version FROM kore_schema_version WHERE component = 'poll_budget'", connection);
        var found = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        if (found > Version)
        {
            throw new InvalidOperationException(FormattableString.Invariant(
                $"The database's poll budget schema is version {found}, newer than version {Version} that this release of KoreModelDeploy.PostgreSql knows: upgrade the package."));
        }
    }

    private static string ReadScript()
    {
        using var stream = typeof(PostgreSqlPollBudgetSchema).Assembly.GetManifestResourceStream("KoreModelDeploy.PostgreSql.poll-budget-v1.sql")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
