using System.Diagnostics;
using KoreModelDeploy.PostgreSql.Tests.TestSupport;
using Npgsql;

namespace KoreModelDeploy.PostgreSql.Tests;

[Collection(PostgreSqlServerGroup.Name)]
public class PostgreSqlPollBudgetTests(PostgreSqlFixture database)
{
    private static readonly Uri Host = new("https://tenant.example.com");
    private static readonly TimeSpan Spacing = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan Plenty = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Slots_asked_for_at_once_are_each_at_least_the_spacing_apart_on_the_database_clock()
    {
        await using var budget = new PostgreSqlPollBudget(database.ConnectionString);
        var id = NewId();
        await budget.ReserveAsync(Host, id, TimeSpan.Zero, Plenty, CancellationToken.None);
        var first = await LastSlotAsync(id);

        // Eight callers ask at the same moment: the row lock orders them, and each grant moves the job's last slot on
        // by at least the spacing. Read on the database's clock, so this process's scheduling plays no part.
        var waits = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => budget.ReserveAsync(Host, id, TimeSpan.Zero, Plenty, CancellationToken.None).AsTask()));
        var last = await LastSlotAsync(id);

        (last - first).Should().BeGreaterThanOrEqualTo(8 * Spacing, "eight grants after the first, each at least the spacing after the one before");
        waits.Should().OnlyContain(wait => wait <= 8 * Spacing, "every caller got a slot, none refused");
        (await RowCountAsync(id)).Should().Be(1);
    }

    [Fact]
    public async Task A_slot_beyond_the_callers_time_is_refused_and_nothing_is_taken()
    {
        await using var budget = new PostgreSqlPollBudget(database.ConnectionString);
        var id = NewId();

        // A retry holds the job's next slot 30 s ahead; a caller with 10 s left is refused, and told how far the slot
        // is. The 10 s are the store's time to answer as well, which a loaded machine needs.
        (await budget.ReserveAsync(Host, id, TimeSpan.FromSeconds(30), Plenty, CancellationToken.None)).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(30));
        var before = await RowAsync(id);

        var refused = await budget.ReserveAsync(Host, id, TimeSpan.Zero, TimeSpan.FromSeconds(10), CancellationToken.None);

        refused.Should().BeGreaterThan(TimeSpan.FromSeconds(10)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(30) + Spacing);
        (await RowAsync(id)).Should().Be(before, "a refused slot is left for others");
    }

    [Fact]
    public async Task A_retry_gets_its_slot_no_sooner_than_its_own_delay()
    {
        await using var budget = new PostgreSqlPollBudget(database.ConnectionString);
        var wait = await budget.ReserveAsync(Host, NewId(), TimeSpan.FromSeconds(3), Plenty, CancellationToken.None);

        wait.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(3)).And.BeLessThan(TimeSpan.FromSeconds(3.2));
    }

    [Fact]
    public async Task The_hourly_cell_holds_a_job_whose_hour_is_spent()
    {
        await using var budget = new PostgreSqlPollBudget(database.ConnectionString);
        var id = NewId();

        // The state 1,800 polls in an hour leave: the hourly cell's next time a full hour ahead.
        var written = Stopwatch.GetTimestamp();
        await ExecuteAsync(
            "INSERT INTO kore_poll_budget VALUES ($1, $2, clock_timestamp(), clock_timestamp() + interval '1 hour', clock_timestamp())",
            "https://tenant.example.com", id);

        var wait = await budget.ReserveAsync(Host, id, TimeSpan.Zero, Plenty, CancellationToken.None);

        // The next slot comes once one interval of the cell (4 s) has passed since the row was written, as in the
        // in-process budget; this process may have taken a while to ask.
        var asked = Stopwatch.GetElapsedTime(written);
        wait.Should().BeGreaterThan(TimeSpan.FromSeconds(4) - asked - TimeSpan.FromMilliseconds(50)).And.BeLessThan(TimeSpan.FromSeconds(4.05));
    }

    [Fact]
    public async Task Hosts_keep_separate_budgets_and_credentials_in_the_host_do_not_split_one()
    {
        await using var budget = new PostgreSqlPollBudget(database.ConnectionString);
        var id = NewId();
        await budget.ReserveAsync(new Uri("https://tenant.example.com"), id, TimeSpan.Zero, Plenty, CancellationToken.None);

        (await budget.ReserveAsync(new Uri("https://other.example.com"), id, TimeSpan.Zero, Plenty, CancellationToken.None))
            .Should().BeLessThan(TimeSpan.FromMilliseconds(100));
        (await budget.ReserveAsync(new Uri("https://user:pw@TENANT.example.com/api"), id, TimeSpan.Zero, Plenty, CancellationToken.None))
            .Should().BeGreaterThan(TimeSpan.FromSeconds(1));
        (await ScalarAsync<long>("SELECT count(*) FROM kore_poll_budget WHERE host LIKE '%pw%'")).Should().Be(0);
    }

    [Fact]
    public async Task The_sweep_deletes_the_rows_that_constrain_nothing_and_keeps_the_others()
    {
        await using var budget = new PostgreSqlPollBudget(database.ConnectionString);
        var idle = NewId();
        var active = NewId();
        await ExecuteAsync(
            "INSERT INTO kore_poll_budget VALUES ($1, $2, clock_timestamp() - interval '2 hours', clock_timestamp() - interval '1 minute', clock_timestamp() - interval '2 hours')",
            "https://tenant.example.com", idle);
        await budget.ReserveAsync(Host, active, TimeSpan.Zero, Plenty, CancellationToken.None);

        var swept = await budget.SweepAsync();

        swept.Should().BeGreaterThanOrEqualTo(1);
        (await RowCountAsync(idle)).Should().Be(0);
        (await RowCountAsync(active)).Should().Be(1);
    }

    [Fact]
    public async Task Polls_sweep_the_idle_rows_by_themselves_once_the_sweep_interval_has_passed()
    {
        await using var budget = new PostgreSqlPollBudget(database.ConnectionString, new PostgreSqlPollBudgetOptions { SweepInterval = TimeSpan.FromSeconds(1) });
        var idle = NewId();
        await ExecuteAsync(
            "INSERT INTO kore_poll_budget VALUES ($1, $2, clock_timestamp() - interval '2 hours', clock_timestamp() - interval '1 minute', clock_timestamp() - interval '2 hours')",
            "https://tenant.example.com", idle);

        // Each poll of a new job may notice the sweep is due; none waits for it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await RowCountAsync(idle) != 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "a poll sweeps the idle row once the interval has passed");
            await budget.ReserveAsync(Host, NewId(), TimeSpan.Zero, Plenty, CancellationToken.None);
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_store_out_of_reach_fails_within_the_callers_time_naming_the_store_and_never_its_password()
    {
        var closedPort = database.Server.Port == 1 ? 2 : 1;
        await using var budget = new PostgreSqlPollBudget($"Host=127.0.0.1;Port={closedPort};Username=kore;Password=hunter2-secret;Database=budgetdb;Timeout=2");
        var started = Stopwatch.GetTimestamp();

        var failure = await FluentActions.Awaiting(() => budget.ReserveAsync(Host, "job-1", TimeSpan.Zero, TimeSpan.FromSeconds(1.5), CancellationToken.None).AsTask())
            .Should().ThrowAsync<DockPollBudgetUnavailableException>();

        Stopwatch.GetElapsedTime(started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.4)).And.BeLessThan(TimeSpan.FromSeconds(15));
        var error = failure.Which;
        error.Store.Should().Be($"PostgreSQL poll budget at 127.0.0.1:{closedPort}/budgetdb");
        error.Message.Should().Contain(error.Store).And.Contain("job-1");
        error.ToString().Should().NotContain("hunter2-secret").And.NotContain("Password");
    }

    [Fact]
    public async Task A_database_without_the_table_is_told_how_to_create_it()
    {
        var connection = await database.Server.CreateDatabaseAsync("kore_empty_" + Guid.NewGuid().ToString("N")[..8]);
        await using var budget = new PostgreSqlPollBudget(connection);

        var failure = await FluentActions.Awaiting(() => budget.ReserveAsync(Host, "job-1", TimeSpan.Zero, TimeSpan.FromSeconds(5), CancellationToken.None).AsTask())
            .Should().ThrowAsync<InvalidOperationException>();

        failure.Which.Message.Should().Contain("kore_poll_budget").And.Contain("PostgreSqlPollBudgetSchema.CreateAsync");
    }

    [Fact]
    public async Task Creating_the_schema_again_is_harmless_and_a_newer_schema_is_refused()
    {
        var connection = await database.Server.CreateDatabaseAsync("kore_schema_" + Guid.NewGuid().ToString("N")[..8]);
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await PostgreSqlPollBudgetSchema.CreateAsync(dataSource);
        await PostgreSqlPollBudgetSchema.CreateAsync(dataSource);

        await using (var read = dataSource.CreateCommand("SELECT version FROM kore_schema_version WHERE component = 'poll_budget'"))
        {
            (await read.ExecuteScalarAsync()).Should().Be(PostgreSqlPollBudgetSchema.Version);
        }

        await using (var bump = dataSource.CreateCommand("UPDATE kore_schema_version SET version = 99 WHERE component = 'poll_budget'"))
        {
            await bump.ExecuteNonQueryAsync();
        }

        var refused = await FluentActions.Awaiting(() => PostgreSqlPollBudgetSchema.CreateAsync(dataSource)).Should().ThrowAsync<InvalidOperationException>();
        refused.Which.Message.Should().Contain("version 99");
    }

    [Fact]
    public void The_script_shipped_in_the_package_is_the_one_the_helper_runs()
    {
        var shipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "KoreModelDeploy.PostgreSql", "sql", "poll-budget-v1.sql"));

        PostgreSqlPollBudgetSchema.Script.Should().Be(shipped);
    }

    private static string NewId() => "job-" + Guid.NewGuid().ToString("N");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KoreModelDeploy.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }

    private async Task<DateTime> LastSlotAsync(string id) =>
        await ScalarAsync<DateTime>("SELECT last_slot FROM kore_poll_budget WHERE dock_status_id = $1", id);

    private async Task<long> RowCountAsync(string id) => await ScalarAsync<long>("SELECT count(*) FROM kore_poll_budget WHERE dock_status_id = $1", id);

    private async Task<string> RowAsync(string id) =>
        await ScalarAsync<string>("SELECT next_by_spacing::text || ' ' || next_by_hour::text || ' ' || last_slot::text FROM kore_poll_budget WHERE dock_status_id = $1", id);

    private async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }
}
