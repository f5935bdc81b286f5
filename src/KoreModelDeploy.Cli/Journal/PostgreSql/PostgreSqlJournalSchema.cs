using System.Reflection;
using Npgsql;

namespace KoreModelDeploy.Cli.Journal.PostgreSql;

/// <summary>
/// The journal's tables (<c>sql/journal-v1.sql</c>, shipped for DBAs and embedded for <c>kore-deploy journal init</c>)
/// and the schema version this release reads and writes.
/// </summary>
internal static class PostgreSqlJournalSchema
{
    /// <summary>The schema version this release knows.</summary>
    public const int Version = 1;

    /// <summary>The table every event is a row of; its OID is the first half of each environment's lock key.</summary>
    public const string EventsTable = "kore_journal_events";

    private const string ScriptName = "KoreModelDeploy.Cli.sql.journal-v1.sql";

    /// <summary>The script that creates the tables; safe to run again.</summary>
    public static string Script()
    {
        using var stream = typeof(PostgreSqlJournalSchema).Assembly.GetManifestResourceStream(ScriptName)
            ?? throw new InvalidOperationException($"{ScriptName} is not embedded in the tool.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Creates the tables, or leaves them as they are. Two inits at once take turns on a transaction-level advisory
    /// lock (held for milliseconds, ended with the transaction), since <c>CREATE TABLE IF NOT EXISTS</c> races itself.
    /// </summary>
    /// <returns>The schema version the database holds afterwards.</returns>
    /// <exception cref="JournalException">The database holds a newer schema than this release knows.</exception>
    public static int Create(NpgsqlConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using (var serialize = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('kore_journal_schema'))", connection, transaction))
        {
            serialize.ExecuteNonQuery();
        }

        using (var create = new NpgsqlCommand(Script(), connection, transaction) { CommandTimeout = PostgreSqlJournalStore.LongCommandTimeout })
        {
            create.ExecuteNonQuery();
        }

        int version;
        using (var read = new NpgsqlCommand("SELECT max(version) FROM kore_journal_schema", connection, transaction))
        {
            version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        transaction.Commit();
        return version;
    }

    /// <summary>Checks the database holds the journal's tables in a version this release knows.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="location">The journal's location, for messages.</param>
    /// <exception cref="JournalException">No tables (run <c>journal init</c>), or a newer schema.</exception>
    public static void Check(NpgsqlConnection connection, string location)
    {
        using var command = new NpgsqlCommand("SELECT to_regclass('kore_journal_schema') IS NOT NULL AND to_regclass('" + EventsTable + "') IS NOT NULL", connection);
        if (command.ExecuteScalar() is not true)
        {
            throw new JournalException(
                $"{location} holds no kore-deploy journal tables. Create them once with kore-deploy journal init -f <manifest> --env <env> --journal {location} "
                + "(or have a DBA run the tool's sql/journal-v1.sql), then run apply with --init.");
        }

        using var version = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM kore_journal_schema", connection);
        var found = Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (found > Version)
        {
            throw new JournalException(
                $"{location} holds journal tables of schema version {found}, written by a newer kore-deploy; this release knows version {Version} only. "
                + "Nothing was read or written. Upgrade kore-deploy to the release that created them.");
        }
    }
}
