using System.Globalization;
using System.Text.Json;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.CommandLine;
using Npgsql;

namespace KoreModelDeploy.Cli.Journal.PostgreSql;

/// <summary>
/// An environment's journal in PostgreSQL: a row per environment, a row per event. An apply's lock is a session-level
/// <c>pg_try_advisory_lock(int4, int4)</c> keyed on the events table's OID and the environment row's id, so it cannot
/// collide with another schema's or database's journal, and two environments never block each other. It is taken on
/// one dedicated, unpooled connection that also carries every write of the run (<see cref="PostgreSqlJournalSession"/>):
/// when that session ends (the process killed, <c>pg_terminate_backend</c>, a network cut), the lock is gone and so
/// is the only way this run had to write. Reading (<c>plan</c>) takes no lock.
/// </summary>
/// <param name="location">The server and database.</param>
/// <param name="name">The journal's name: the environment's, as <c>--env</c> names it.</param>
/// <param name="environment">The environment the run is for, checked against the journal's binding.</param>
/// <param name="host">The host the run uses, checked against the journal's binding.</param>
/// <param name="time">The clock that stamps each event.</param>
/// <param name="holder">This run, as a refused one is told.</param>
/// <param name="wait">How long to wait for another holder (<c>--lock-timeout</c>); <see langword="null"/> to be refused at once.</param>
internal sealed class PostgreSqlJournalStore(
    PostgreSqlJournalLocation location,
    string name,
    string environment,
    Uri host,
    TimeProvider time,
    JournalHolder holder,
    LockWait? wait = null) : IJournalStore
{
    /// <summary>The bound, in seconds, on commands that may take long: reading a whole journal, appending under load, creating the tables.</summary>
    internal const int LongCommandTimeout = 60;

    /// <summary>How long a refused run looks for the holder's row, which the holder writes right after taking the lock.</summary>
    private static readonly TimeSpan HolderRowWait = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public string Location => location.Display;

    /// <inheritdoc/>
    public JournalContents? Read()
    {
        using var connection = Connect();
        return Guard(() =>
        {
            PostgreSqlJournalSchema.Check(connection, Location);
            if (FindEnvironment(connection) is not { } row)
            {
                return null;
            }

            var contents = ReadContents(connection, row);
            contents.Binding.Check(Location, environment, host);
            return contents;
        });
    }

    /// <inheritdoc/>
    public IJournalSession Open(bool init, bool rebinding = false)
    {
        var connection = Connect();
        try
        {
            return Guard(() =>
            {
                Configure(connection);
                PostgreSqlJournalSchema.Check(connection, Location);
                var created = false;
                var row = FindEnvironment(connection);
                if (row is null)
                {
                    if (!init && rebinding)
                    {
                        throw NoJournalToRebind(connection);
                    }

                    if (!init)
                    {
                        throw new JournalException(
                            $"No journal for environment '{name}' in {Location}. Without it every model would be deployed again, including those already running. "
                            + "If this is the first apply for this environment, pass --init; otherwise check --env and --journal.");
                    }

                    (row, created) = CreateEnvironment(connection);
                }

                var key = LockKey(connection, row.Value.Id);
                TakeLock(connection, key);
                RecordHolder(connection, row.Value.Id);
                var contents = ReadContents(connection, row.Value);
                if (!rebinding)
                {
                    contents.Binding.Check(Location, environment, host);
                }

                var next = NextSequence(connection, row.Value.Id);
                return (IJournalSession)new PostgreSqlJournalSession(connection, Location, row.Value.Id, next, contents, created, time);
            });
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Creates the tables (<c>kore-deploy journal init</c>); nothing else is written.</summary>
    /// <returns>The schema version the database holds.</returns>
    /// <exception cref="JournalException">The server cannot be reached, or holds a newer schema.</exception>
    public int CreateTables()
    {
        using var connection = Connect();
        return Guard(() =>
        {
            Configure(connection);
            var version = PostgreSqlJournalSchema.Create(connection);
            PostgreSqlJournalSchema.Check(connection, Location);
            return version;
        });
    }

    /// <summary>Opens one connection of its own: unpooled, so that its session, and the lock on it, ends with it.</summary>
    private NpgsqlConnection Connect()
    {
        var settings = ConnectionSettings(location);
        var builder = new NpgsqlSlimDataSourceBuilder(settings.ConnectionString);
        builder.EnableTransportSecurity();
        var dataSource = builder.Build();
        try
        {
            var connection = dataSource.CreateConnection();
            try
            {
                connection.Open();
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            // An unpooled connection owns its physical connection; the data source holds nothing once it is built.
            return connection;
        }
        catch (Exception ex) when (IsServerFailure(ex))
        {
            throw Unreachable(ex);
        }
        finally
        {
            dataSource.Dispose();
        }
    }

    /// <summary>The settings every connection of the store is opened with: the location's, with the store's own bounds.</summary>
    internal static NpgsqlConnectionStringBuilder ConnectionSettings(PostgreSqlJournalLocation location)
    {
        var settings = location.Settings();
        settings.Pooling = false;
        settings.Multiplexing = false;
        settings.Enlist = false;

        // A cut connection is noticed within half a minute, not after the kernel's two hours: TCP keepalives on the
        // client, a bound on every command, and Npgsql's own keepalive while idle (a protocol sync every 5 s, answered
        // within the command timeout or the connection is broken, with no cancel request: that would open a new
        // connection), which the session's check turns into its Lost token. Commands that may take longer (reading a
        // whole journal, appending under load, creating the tables) set their own bound.
        settings.TcpKeepAlive = true;
        settings.TcpKeepAliveTime = 10;
        settings.TcpKeepAliveInterval = 5;
        settings.KeepAlive = 5;
        settings.CommandTimeout = 10;

        if (string.IsNullOrEmpty(settings.ApplicationName))
        {
            settings.ApplicationName = "kore-deploy";
        }

        // Npgsql's default mode, Prefer, fails on the client right after the TCP connect in a build without Kerberos,
        // and Npgsql then opens a second connection without it: every journal connection cost the server two. Only a
        // mode that requires GSS could differ, and the location refuses that by name.
        settings.GssEncryptionMode = GssEncryptionMode.Disable;
        return settings;
    }

    /// <summary>
    /// Makes every commit durable before the server answers, and has the server drop the session (and so the lock)
    /// within half a minute of the client vanishing from the network.
    /// </summary>
    private static void Configure(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand(
            "SET synchronous_commit = on; SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3; SET tcp_user_timeout = 30000",
            connection);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// <c>journal rebind</c> on a name the database holds no journal for: most likely an environment renamed in the
    /// manifest, since a journal here is found by its environment's name, which rebind does not change.
    /// </summary>
    private JournalException NoJournalToRebind(NpgsqlConnection connection)
    {
        const int Listed = 20;
        var names = new List<string>();
        using (var command = new NpgsqlCommand($"SELECT name FROM kore_journal_environments ORDER BY name LIMIT {Listed + 1}", connection))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        if (names.Count == 0)
        {
            return new JournalException(
                $"No journal for environment '{name}' in {Location}; nothing was written. The database holds no environment's journal yet, so there is "
                + "nothing to re-bind: the first apply of an environment creates its journal with --init.");
        }

        var held = string.Join(", ", names.Take(Listed).Select(n => $"'{n}'")) + (names.Count > Listed ? " and more" : string.Empty);
        return new JournalException(
            $"No journal for environment '{name}' in {Location}; nothing was written. A PostgreSQL journal is found by its environment's name, "
            + $"and journal rebind does not rename one; the database holds the journals of {held}. If the environment was renamed in the manifest, "
            + "give it back the name its journal was created under (journal rebind still re-binds a journal to another host). Do not run apply --init "
            + "under the new name instead: it would start an empty journal and deploy every model again.");
    }

    private EnvironmentRow? FindEnvironment(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT id, environment, host FROM kore_journal_environments WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new EnvironmentRow(reader.GetInt32(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    /// <summary>The environment's row, created; of two applies creating it at once, one creates it and the other finds it.</summary>
    private (EnvironmentRow Row, bool Created) CreateEnvironment(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand(
            "INSERT INTO kore_journal_environments (name, environment, host) VALUES (@name, @environment, @host) ON CONFLICT (name) DO NOTHING RETURNING id",
            connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("environment", environment);
        command.Parameters.AddWithValue("host", HostSetting.Display(host));
        if (command.ExecuteScalar() is int id)
        {
            return (new EnvironmentRow(id, environment, HostSetting.Display(host)), true);
        }

        return (FindEnvironment(connection) ?? throw new JournalException($"The journal of environment '{name}' in {Location} was created and removed again while this apply opened it; run apply again."), false);
    }

    /// <summary>The lock's two halves: the events table's OID (unique in the database, so no other schema's journal shares it) and the row's id.</summary>
    private static (int Table, int Environment) LockKey(NpgsqlConnection connection, int environmentId)
    {
        using var command = new NpgsqlCommand($"SELECT '{PostgreSqlJournalSchema.EventsTable}'::regclass::oid::bigint", connection);
        var oid = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);

        // An OID is an unsigned 32-bit number: its bits, read as int4, keep every table apart.
        return (unchecked((int)(uint)oid), environmentId);
    }

    private void TakeLock(NpgsqlConnection connection, (int Table, int Environment) key)
    {
        if (TryLock(connection, key))
        {
            return;
        }

        var current = FindHolder(connection, key, out var acquired);
        if (acquired)
        {
            return;
        }

        if (wait is null)
        {
            throw Held(current, "Wait for it to end, or pass --lock-timeout to wait for it.");
        }

        var deadline = time.GetUtcNow() + wait.Timeout;
        while (true)
        {
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                throw Held(current, $"It still held it after --lock-timeout {DurationText.Format(wait.Timeout)}.");
            }

            wait.Report($"waiting for journal {Location}, held by {current}; giving up in {DurationText.Format(RoundUp(left))}");
            var step = left < LockWait.ReportEvery ? left : LockWait.ReportEvery;
            if (WaitForLock(connection, key, step))
            {
                return;
            }

            current = FindHolder(connection, key, out acquired);
            if (acquired)
            {
                return;
            }
        }
    }

    private static TimeSpan RoundUp(TimeSpan span) => TimeSpan.FromSeconds(Math.Ceiling(span.TotalSeconds));

    private static bool TryLock(NpgsqlConnection connection, (int Table, int Environment) key)
    {
        using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@table, @environment)", connection);
        command.Parameters.AddWithValue("table", key.Table);
        command.Parameters.AddWithValue("environment", key.Environment);
        return command.ExecuteScalar() is true;
    }

    /// <summary>Waits on the server for the lock, at most <paramref name="step"/>: it is granted the moment the holder's session ends.</summary>
    private static bool WaitForLock(NpgsqlConnection connection, (int Table, int Environment) key, TimeSpan step)
    {
        using var transaction = connection.BeginTransaction();
        var milliseconds = Math.Max(1, (int)Math.Ceiling(step.TotalMilliseconds));
        using (var limit = new NpgsqlCommand($"SET LOCAL lock_timeout = {milliseconds.ToString(CultureInfo.InvariantCulture)}", connection, transaction))
        {
            limit.ExecuteNonQuery();
        }

        try
        {
            // A session-level lock: taken here, it outlives the transaction that waited for it.
            using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@table, @environment)", connection, transaction);
            command.Parameters.AddWithValue("table", key.Table);
            command.Parameters.AddWithValue("environment", key.Environment);
            command.CommandTimeout = (int)step.TotalSeconds + 30;
            command.ExecuteNonQuery();
            transaction.Commit();
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            transaction.Rollback();
            return false;
        }
    }

    /// <summary>
    /// Who holds the lock: the holders row whose session holds it now (pg_locks), so that a row left by a run that
    /// died names nobody. The holder writes its row right after taking the lock, so it is looked for a few seconds;
    /// if the lock is released meanwhile, it is taken (<paramref name="acquired"/>).
    /// </summary>
    private static string FindHolder(NpgsqlConnection connection, (int Table, int Environment) key, out bool acquired)
    {
        var until = DateTime.UtcNow + HolderRowWait;
        int? sessionPid = null;
        while (true)
        {
            using (var command = new NpgsqlCommand(
                """
                SELECT l.pid, h.user_name, h.machine, h.process_id, h.run_url, h.since, h.store
                FROM pg_locks l
                LEFT JOIN kore_journal_holders h ON h.environment_id = @environment AND h.backend_pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid::bigint = @table AND l.objid::bigint = @environment AND l.objsubid = 2
                """,
                connection))
            {
                command.Parameters.AddWithValue("table", (long)unchecked((uint)key.Table));
                command.Parameters.AddWithValue("environment", key.Environment);
                using var reader = command.ExecuteReader();
                if (reader.Read())
                {
                    sessionPid = reader.GetInt32(0);
                    if (!reader.IsDBNull(1))
                    {
                        acquired = false;
                        return new JournalHolder(
                            reader.GetString(1),
                            reader.GetString(2),
                            reader.GetInt32(3),
                            reader.IsDBNull(4) ? null : reader.GetString(4),
                            new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero),
                            reader.GetString(6)).Describe();
                    }
                }
            }

            if (sessionPid is null && TryLock(connection, key))
            {
                acquired = true;
                return string.Empty;
            }

            if (DateTime.UtcNow >= until)
            {
                acquired = false;
                return sessionPid is { } pid
                    ? $"PostgreSQL session {pid.ToString(CultureInfo.InvariantCulture)} (it has not recorded who it is)"
                    : "another session";
            }

            Thread.Sleep(100);
            sessionPid = null;
        }
    }

    private void RecordHolder(NpgsqlConnection connection, int environmentId)
    {
        using var command = new NpgsqlCommand(
            """
            INSERT INTO kore_journal_holders (environment_id, backend_pid, user_name, machine, process_id, run_url, store, since)
            VALUES (@environment, pg_backend_pid(), @user, @machine, @process, @run, @store, now())
            ON CONFLICT (environment_id) DO UPDATE SET backend_pid = excluded.backend_pid, user_name = excluded.user_name, machine = excluded.machine,
                process_id = excluded.process_id, run_url = excluded.run_url, store = excluded.store, since = excluded.since
            """,
            connection);
        command.Parameters.AddWithValue("environment", environmentId);
        command.Parameters.AddWithValue("user", holder.User);
        command.Parameters.AddWithValue("machine", holder.Machine);
        command.Parameters.AddWithValue("process", holder.ProcessId);
        command.Parameters.AddWithValue("run", (object?)holder.RunUrl ?? DBNull.Value);
        command.Parameters.AddWithValue("store", holder.Store);
        command.ExecuteNonQuery();
    }

    private JournalContents ReadContents(NpgsqlConnection connection, EnvironmentRow row)
    {
        var events = new List<JournalEvent>();
        var recordedAt = new List<DateTimeOffset>();
        using var command = new NpgsqlCommand("SELECT seq, entry FROM kore_journal_events WHERE environment_id = @environment ORDER BY seq", connection)
        {
            CommandTimeout = LongCommandTimeout,
        };
        command.Parameters.AddWithValue("environment", row.Id);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var seq = reader.GetInt64(0);
            try
            {
                var entry = JsonSerializer.Deserialize(reader.GetString(1), JournalJsonContext.Default.JournalEntry)
                    ?? throw new FormatException("it is JSON null");
                if (JournalEntries.ToEvent(entry) is { } journalEvent)
                {
                    events.Add(journalEvent);
                    recordedAt.Add(entry.At);
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException)
            {
                throw new JournalException(
                    $"Journal of environment '{name}' in {Location} is damaged: event {seq.ToString(CultureInfo.InvariantCulture)} is not a step kore-deploy records ({ex.Message}). "
                    + "Nothing was changed and nothing was sent. Restore it from a backup, or fix that row of kore_journal_events by hand.");
            }
        }

        return JournalContents.Of(new JournalBinding(row.Environment, row.Host), events, recordedAt);
    }

    private static long NextSequence(NpgsqlConnection connection, int environmentId)
    {
        using var command = new NpgsqlCommand("SELECT coalesce(max(seq), 0) + 1 FROM kore_journal_events WHERE environment_id = @environment", connection);
        command.Parameters.AddWithValue("environment", environmentId);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private JournalException Held(string current, string what) => new(
        $"Another apply holds the journal of environment '{name}' in {Location}: it is held by {current}. {what} "
        + "The lock ends with that run's database session, however the run ends; there is nothing to unlock by hand.")
    {
        LockHeld = true,
    };

    private T Guard<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception ex) when (IsServerFailure(ex))
        {
            throw Unreachable(ex);
        }
    }

    private JournalException Unreachable(Exception ex) => new(
        $"Journal {Location} cannot be used: {PostgreSqlJournalSession.Describe(ex)}{(IsLoginRefused(ex) ? ". " + location.PasswordSources : string.Empty)}",
        ex);

    /// <summary>Whether the server asked for a password and refused the one given, or none was found to give.</summary>
    private static bool IsLoginRefused(Exception ex) => ex switch
    {
        PostgresException server => server.SqlState == PostgresErrorCodes.InvalidPassword,

        // Npgsql's own words when the server asks for a password and none was found; they carry no error code.
        NpgsqlException { InnerException: null } npgsql => npgsql.Message.StartsWith("No password has been provided", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>What a failing server or network arrives as (a broken connection is an <see cref="InvalidOperationException"/>).</summary>
    internal static bool IsServerFailure(Exception ex) => ex is NpgsqlException or InvalidOperationException or TimeoutException or IOException or ArgumentException;

    private readonly record struct EnvironmentRow(int Id, string Environment, string Host);
}
