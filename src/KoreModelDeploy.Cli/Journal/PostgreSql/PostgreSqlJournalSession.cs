using System.Data;
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
/// <remarks>
/// While the run only polls, nothing is written, so nothing would notice the session end: the connection's own
/// keepalive (<see cref="PostgreSqlJournalStore"/> sets it) sends a protocol sync every few seconds while idle and
/// breaks the connection when it goes unanswered, and a check every <see cref="CheckEvery"/> turns a broken connection
/// into <see cref="Lost"/>. A command with a timeout would not do: when it times out, Npgsql sends a cancel request over
/// a new connection, which is a reconnection, and through a dead network waits for its own connect timeout too.
/// </remarks>
internal sealed class PostgreSqlJournalSession : IJournalSession
{
    /// <summary>How often the held connection is checked for a break its keepalive found.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);

    private const int MaxMessageLength = 64 * 1024;

    private readonly NpgsqlConnection _connection;
    private readonly int _environmentId;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly ITimer _check;
    private long _next;
    private Exception? _failure;
    private bool _disposed;

    public PostgreSqlJournalSession(NpgsqlConnection connection, string location, int environmentId, long next, JournalContents contents, bool created, TimeProvider time)
    {
        _connection = connection;
        Location = location;
        _environmentId = environmentId;
        _next = next;
        Contents = contents;
        Created = created;
        _time = time;
        _check = time.CreateTimer(_ => Check(), null, CheckEvery, CheckEvery);
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public JournalContents Contents { get; }

    /// <inheritdoc/>
    public bool Created { get; }

    /// <inheritdoc/>
    /// <remarks>Cancelled within half a minute of the session ending while the run only polls (keepalive, then <see cref="CheckEvery"/>), or by the first append that fails.</remarks>
    public CancellationToken Lost => _lost.Token;

    /// <inheritdoc/>
    public void Append(JournalEvent journalEvent, DateTimeOffset? recordedAt = null)
    {
        lock (_gate)
        {
            if (_failure is SessionLostException lost)
            {
                throw new JournalException(
                    $"Journal {Location} cannot be written: this run's database session ended ({lost.Message}), and the journal's lock with it; "
                    + "this run writes nothing more and starts nothing more.",
                    lost);
            }

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
                using var command = new NpgsqlCommand("INSERT INTO kore_journal_events (environment_id, seq, entry) VALUES (@environment, @seq, @entry)", _connection)
                {
                    CommandTimeout = PostgreSqlJournalStore.LongCommandTimeout,
                };
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
                MarkLost();
                throw new JournalException(
                    $"Journal {Location} could not be written: {Describe(ex)}. This run's database session, which held the journal's lock, may be gone, "
                    + "so it writes nothing more and starts nothing more.",
                    ex);
            }
        }
    }

    /// <summary>
    /// Turns a connection its keepalive found broken (unanswered, or the server ended the session) into <see cref="Lost"/>.
    /// It never reconnects. A check that finds an append under way skips: the append finds out for itself.
    /// </summary>
    private void Check()
    {
        if (!_gate.TryEnter())
        {
            return;
        }

        try
        {
            if (_disposed || _failure is not null || (_connection.FullState & ConnectionState.Open) != 0)
            {
                return;
            }

            _failure = new SessionLostException("the connection to the server stopped answering or was closed by the server");
            MarkLost();
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Stops checking and cancels <see cref="Lost"/>, whose callbacks run elsewhere so that none runs under the gate.</summary>
    private void MarkLost()
    {
        _check.Dispose();
        if (!_lost.IsCancellationRequested)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static lost => lost.Cancel(), _lost, preferLocal: false);
        }
    }

    /// <summary>Ends the session, and with it the lock; the holder's row is left to name nobody.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _check.Dispose();
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

    /// <summary>Why the session was found lost without an append failing.</summary>
    private sealed class SessionLostException(string message) : Exception(message);
}
