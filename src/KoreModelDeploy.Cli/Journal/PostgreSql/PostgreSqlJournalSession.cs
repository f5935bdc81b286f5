using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace KoreModelDeploy.Cli.Journal.PostgreSql;

/// <summary>
/// An environment's PostgreSQL journal held for an apply: the dedicated connection whose session holds the lock and
/// carries every write. Each event is one row, committed (<c>synchronous_commit = on</c>) before <see cref="Append"/>
/// returns. A session that is lost is never reconnected: a new session would write without the lock, which another
/// run may hold by then. The next append fails instead, and so does every one after it.
/// </summary>
internal sealed class PostgreSqlJournalSession : IJournalSession
{
    private const int MaxMessageLength = 64 * 1024;

    private readonly NpgsqlConnection _connection;
    private readonly int _environmentId;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _next;
    private Exception? _failure;

    public PostgreSqlJournalSession(NpgsqlConnection connection, string location, int environmentId, long next, JournalContents contents, bool created, TimeProvider time)
    {
        _connection = connection;
        Location = location;
        _environmentId = environmentId;
        _next = next;
        Contents = contents;
        Created = created;
        _time = time;
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public JournalContents Contents { get; }

    /// <inheritdoc/>
    public bool Created { get; }

    /// <inheritdoc/>
    public CancellationToken Lost => CancellationToken.None;

    /// <inheritdoc/>
    public void Append(JournalEvent journalEvent, DateTimeOffset? recordedAt = null)
    {
        lock (_gate)
        {
            if (_failure is { } earlier)
            {
                throw new JournalException($"Journal {Location} could not be written earlier in this run ({Describe(earlier)}); nothing more is written to it.", earlier);
            }

            var entry = JournalEntries.From(journalEvent, recordedAt ?? _time.GetUtcNow());
            if (entry.Message is { Length: > MaxMessageLength } message)
            {
                entry = entry with { Message = message[..MaxMessageLength] + "…" };
            }

            try
            {
                using var command = new NpgsqlCommand("INSERT INTO kore_journal_events (environment_id, seq, entry) VALUES (@environment, @seq, @entry)", _connection);
                command.Parameters.AddWithValue("environment", _environmentId);
                command.Parameters.AddWithValue("seq", _next);
                command.Parameters.AddWithValue("entry", JsonSerializer.Serialize(entry, JournalJsonContext.Default.JournalEntry));
                command.ExecuteNonQuery();
                _next++;
            }
            catch (Exception ex) when (PostgreSqlJournalStore.IsServerFailure(ex))
            {
                // Whether the last row was committed is not known; either way this run's session, and with it the
                // lock, may be gone. Nothing more is written: the next apply reads what the server kept.
                _failure = ex;
                throw new JournalException(
                    $"Journal {Location} could not be written: {Describe(ex)}. This run's database session, which held the journal's lock, may be gone, "
                    + "so it writes nothing more and starts nothing more.",
                    ex);
            }
        }
    }

    /// <summary>Ends the session, and with it the lock; the holder's row is left to name nobody.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            try
            {
                _connection.Dispose();
            }
            catch (Exception ex) when (PostgreSqlJournalStore.IsServerFailure(ex))
            {
                // A broken connection cannot be closed cleanly; its session is over either way.
            }
        }
    }

    /// <summary>What went wrong, in words that never carry a connection string or a password.</summary>
    internal static string Describe(Exception ex) => ex switch
    {
        PostgresException server => $"the server answered {server.SqlState}: {server.MessageText}",
        NpgsqlException { InnerException: TimeoutException or IOException or System.Net.Sockets.SocketException } network => $"the connection failed ({network.Message.TrimEnd('.')}: {network.InnerException!.Message.TrimEnd('.')})",
        NpgsqlException npgsql => npgsql.Message.TrimEnd('.'),
        InvalidOperationException => "the connection to the server was lost",
        TimeoutException => "the server did not answer in time",
        _ => "the connection to the server failed",
    };
}
