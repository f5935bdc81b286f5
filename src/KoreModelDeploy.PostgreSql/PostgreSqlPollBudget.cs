using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Polly;
using Polly.Retry;

namespace KoreModelDeploy.PostgreSql;

/// <summary>
/// A <see cref="DockPollBudget"/> kept in PostgreSQL: every process that uses the same database shares each job's
/// allowance, so together they poll one job at most once a second (plus <see cref="PostgreSqlPollBudgetOptions.SpacingMargin"/>)
/// and at most 1,800 times an hour.
/// </summary>
/// <remarks>
/// <para>A slot is taken in one statement (<c>INSERT … ON CONFLICT … DO UPDATE … RETURNING</c>) on the database's clock,
/// so the processes' own clocks never need to agree. The row lock of that statement orders processes asking at the same
/// moment; each gets its own slot.</para>
/// <para>When the database cannot be reached, a reservation tries again, with backoff, until the caller's time is up, and
/// then throws <see cref="DockPollBudgetUnavailableException"/>: nothing is polled without a slot.</para>
/// <para>Create the table first: <see cref="PostgreSqlPollBudgetSchema.CreateAsync"/>.</para>
/// </remarks>
public sealed class PostgreSqlPollBudget : DockPollBudget, IAsyncDisposable, IDisposable
{
    // One statement: a job not seen yet gets the soonest slot; a known one the first its two cells allow, unless that
    // lies beyond the caller's time, when nothing is written and no row comes back. A new row reads the clock once:
    // clock_timestamp() moves while a statement runs, and the spacing is counted from the very slot granted.
    // $1 host, $2 id, $3 earliest, $4 spacing, $5 hourly interval, $6 hourly tolerance, $7 latest.
    private const string ReserveSql = """
        INSERT INTO kore_poll_budget AS b (host, dock_status_id, next_by_spacing, next_by_hour, last_slot)
        SELECT $1, $2, n.slot + $4, n.slot + $5, n.slot FROM (SELECT clock_timestamp() + $3 AS slot) n
        ON CONFLICT (host, dock_status_id) DO UPDATE SET
            (next_by_spacing, next_by_hour, last_slot) = (
                SELECT s.slot + $4, greatest(b.next_by_hour, s.slot) + $5, s.slot
                FROM (SELECT greatest(clock_timestamp() + $3, b.next_by_spacing, b.next_by_hour - $6) AS slot) s)
            WHERE greatest(clock_timestamp() + $3, b.next_by_spacing, b.next_by_hour - $6) <= clock_timestamp() + $7
        RETURNING extract(epoch FROM b.last_slot - clock_timestamp())::float8
        """;

    // When the slot was refused: how far away it was, for the caller's error. $1 host, $2 id, $3 hourly tolerance.
    private const string NextSlotSql = """
        SELECT extract(epoch FROM greatest(clock_timestamp(), next_by_spacing, next_by_hour - $3) - clock_timestamp())::float8
        FROM kore_poll_budget WHERE host = $1 AND dock_status_id = $2
        """;

    private const string SweepSql = "DELETE FROM kore_poll_budget WHERE next_by_hour < clock_timestamp()";

    private static readonly TimeSpan HourlyInterval = TimeSpan.FromSeconds(2 * 3600.0 / HourlyLimit);
    private static readonly TimeSpan HourlyTolerance = TimeSpan.FromHours(1) - HourlyInterval;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly TimeSpan _spacing;
    private readonly TimeSpan? _lateSlotLimit;
    private readonly long _sweepInterval;
    private readonly ResiliencePipeline _storeRetry;
    private long _nextSweep;

    /// <summary>Creates a budget with the default settings over a data source the application owns.</summary>
    /// <param name="dataSource">The database holding the <c>kore_poll_budget</c> table.</param>
    public PostgreSqlPollBudget(NpgsqlDataSource dataSource)
        : this(dataSource, ownsDataSource: false, null)
    {
    }

    /// <summary>Creates a budget over a data source the application owns (one registered with <c>AddNpgsqlDataSource</c>, say).</summary>
    /// <param name="dataSource">The database holding the <c>kore_poll_budget</c> table.</param>
    /// <param name="options">Settings; the defaults when <see langword="null"/>.</param>
    public PostgreSqlPollBudget(NpgsqlDataSource dataSource, PostgreSqlPollBudgetOptions? options)
        : this(dataSource, ownsDataSource: false, options)
    {
    }

    /// <summary>Creates a budget with the default settings and a data source of its own, disposed with it.</summary>
    /// <param name="connectionString">An Npgsql connection string. It is never shown: errors name only host, port and database.</param>
    public PostgreSqlPollBudget(string connectionString)
        : this(CreateDataSource(connectionString), ownsDataSource: true, null)
    {
    }

    /// <summary>Creates a budget with a data source of its own, disposed with it.</summary>
    /// <param name="connectionString">An Npgsql connection string. It is never shown: errors name only host, port and database.</param>
    /// <param name="options">Settings; the defaults when <see langword="null"/>.</param>
    public PostgreSqlPollBudget(string connectionString, PostgreSqlPollBudgetOptions? options)
        : this(CreateDataSource(connectionString), ownsDataSource: true, options)
    {
    }

    private PostgreSqlPollBudget(NpgsqlDataSource dataSource, bool ownsDataSource, PostgreSqlPollBudgetOptions? options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgreSqlPollBudgetOptions();
        options.Validate();
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _spacing = MinimumSpacing + options.SpacingMargin;

        // Half the margin may go on a late timer; the other half is left for the way from the check to the service.
        _lateSlotLimit = options.SpacingMargin > TimeSpan.Zero ? options.SpacingMargin / 2 : null;
        _sweepInterval = (long)(options.SweepInterval.TotalSeconds * Stopwatch.Frequency);
        _nextSweep = Stopwatch.GetTimestamp() + _sweepInterval;
        StoreName = NameOf(dataSource);
        _storeRetry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                Name = "poll-budget-store",
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(IsUnreachable).Handle<TimeoutException>(),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(1),
                UseJitter = true,
            })
            .Build();
    }

    /// <summary>Names the store for messages: kind, host, port and database, never credentials.</summary>
    public string StoreName { get; }

    /// <summary>
    /// Half of <see cref="PostgreSqlPollBudgetOptions.SpacingMargin"/>: a poll whose wait ended later than that takes
    /// another slot. None when the margin is zero.
    /// </summary>
    public override TimeSpan? LateSlotLimit => _lateSlotLimit;

    /// <inheritdoc />
    public override async ValueTask<TimeSpan> ReserveAsync(Uri host, string dockStatusId, TimeSpan earliest, TimeSpan latest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentException.ThrowIfNullOrEmpty(dockStatusId);
        if (earliest < TimeSpan.Zero)
        {
            earliest = TimeSpan.Zero;
        }

        if (earliest > latest)
        {
            // The soonest the poll could go is already beyond the caller's time: nothing to take.
            return earliest;
        }

        var scope = Scope(host);
        var started = Stopwatch.GetTimestamp();
        Exception? lastFailure = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(latest);
        try
        {
            var wait = await _storeRetry.ExecuteAsync(
                async token =>
                {
                    try
                    {
                        return await TryTakeAsync(scope, dockStatusId, earliest, latest, token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                    {
                        lastFailure = ex;
                        throw;
                    }
                },
                deadline.Token).ConfigureAwait(false);
            SweepIfDue();
            return wait;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new InvalidOperationException(
                "The " + StoreName + " has no kore_poll_budget table: create it once with PostgreSqlPollBudgetSchema.CreateAsync, or run the package's sql/poll-budget-v1.sql.",
                ex);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (deadline.IsCancellationRequested || IsStoreFailure(ex)))
        {
            throw new DockPollBudgetUnavailableException(StoreName, dockStatusId, Stopwatch.GetElapsedTime(started), lastFailure ?? ex);
        }
    }

    /// <summary>Deletes the rows of jobs that constrain nothing any more (nobody polled them for about an hour).</summary>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>How many rows were deleted.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(SweepSql);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : default;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private async ValueTask<TimeSpan> TryTakeAsync(string scope, string dockStatusId, TimeSpan earliest, TimeSpan latest, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var reserve = new NpgsqlCommand(ReserveSql, connection);
        reserve.Parameters.Add(new NpgsqlParameter { Value = scope, NpgsqlDbType = NpgsqlDbType.Text });
        reserve.Parameters.Add(new NpgsqlParameter { Value = dockStatusId, NpgsqlDbType = NpgsqlDbType.Text });
        reserve.Parameters.Add(new NpgsqlParameter { Value = earliest, NpgsqlDbType = NpgsqlDbType.Interval });
        reserve.Parameters.Add(new NpgsqlParameter { Value = _spacing, NpgsqlDbType = NpgsqlDbType.Interval });
        reserve.Parameters.Add(new NpgsqlParameter { Value = HourlyInterval, NpgsqlDbType = NpgsqlDbType.Interval });
        reserve.Parameters.Add(new NpgsqlParameter { Value = HourlyTolerance, NpgsqlDbType = NpgsqlDbType.Interval });
        reserve.Parameters.Add(new NpgsqlParameter { Value = latest, NpgsqlDbType = NpgsqlDbType.Interval });
        if (await reserve.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is double seconds)
        {
            var wait = TimeSpan.FromSeconds(Math.Max(0, seconds));

            // The slot was computed a moment before this answer: never report less than the caller's own delay.
            return wait < earliest ? earliest : wait;
        }

        // Refused: the slot lay beyond the caller's time. Say how far, so its error can.
        await using var next = new NpgsqlCommand(NextSlotSql, connection);
        next.Parameters.Add(new NpgsqlParameter { Value = scope, NpgsqlDbType = NpgsqlDbType.Text });
        next.Parameters.Add(new NpgsqlParameter { Value = dockStatusId, NpgsqlDbType = NpgsqlDbType.Text });
        next.Parameters.Add(new NpgsqlParameter { Value = HourlyTolerance, NpgsqlDbType = NpgsqlDbType.Interval });
        var refused = await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is double s ? TimeSpan.FromSeconds(s) : TimeSpan.Zero;
        return refused > latest ? refused : latest + TimeSpan.FromTicks(1);
    }

    private void SweepIfDue()
    {
        var now = Stopwatch.GetTimestamp();
        var due = Volatile.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + _sweepInterval, due) != due)
        {
            return;
        }

        // The poll that noticed the sweep is due does not wait for it; a failed sweep is tried again next interval.
        _ = Task.Run(async () =>
        {
            try
            {
                await SweepAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or ObjectDisposedException)
            {
            }
        });
    }

    /// <summary>The budget's key for a host: scheme, host and port, without credentials or path.</summary>
    private static string Scope(Uri host) => host.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped).ToLowerInvariant();

    private static bool IsStoreFailure(Exception ex) => ex is NpgsqlException or TimeoutException or OperationCanceledException;

    /// <summary>Failures of reaching the database, which may pass: not a refused login or a missing table.</summary>
    private static bool IsUnreachable(NpgsqlException ex) => ex switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal),
        _ => true,
    };

    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new NpgsqlSlimDataSourceBuilder(connectionString).Build();
    }

    private static string NameOf(NpgsqlDataSource dataSource)
    {
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return FormattableString.Invariant($"PostgreSQL poll budget at {settings.Host}:{settings.Port}/{settings.Database}");
    }
}
