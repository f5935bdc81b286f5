using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Models;
using KoreModelDeploy.Testing;

namespace KoreModelDeploy.Cli.Tests.Journal;

/// <summary>The PostgreSQL store passes the journal store contract, against a real server, and keeps its own promises.</summary>
public sealed class PostgreSqlJournalStoreTests(PostgreSqlJournalFixture server) : JournalStoreContract, IClassFixture<PostgreSqlJournalFixture>
{
    private static readonly JournalEvent Intent = new JournalEvent.Intent("m-1", StepCall.Deploy, StepReason.Deploy, "openSource", "fp-1", false);

    /// <summary>This test's own journal.</summary>
    private readonly string _name = "t-" + Guid.NewGuid().ToString("N")[..12];

    private protected override IJournalStore Store(string environment = Environment, Uri? host = null) =>
        server.Store(_name, environment, host ?? Host);

    [Fact]
    public async Task The_lock_is_keyed_on_the_events_tables_oid_and_the_environments_row_id()
    {
        using var session = Store().Open(init: true);

        var id = Convert.ToInt64(await server.ScalarAsync($"SELECT id FROM kore_journal_environments WHERE name = '{_name}'"), System.Globalization.CultureInfo.InvariantCulture);
        var held = await server.ScalarAsync(
            $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = 'kore_journal_events'::regclass::oid AND objid::bigint = {id}");

        Convert.ToInt64(held, System.Globalization.CultureInfo.InvariantCulture).Should().Be(1);
    }

    [Fact]
    public void Opening_the_journal_costs_the_server_one_connection_not_a_refused_gss_attempt_first()
    {
        var before = server.Server.ConnectionsReceived();

        using (Store().Open(init: true))
        {
        }

        server.Server.ConnectionsReceived().Should().Be(before + 1, "Npgsql's default asks for GSS encryption on a connection of its own first, which the store turns off");
    }

    [Fact]
    public void Two_environments_are_held_at_once_without_blocking_each_other()
    {
        using var first = Store().Open(init: true);
        using var second = server.Store(_name + "-other", Environment, Host).Open(init: true);

        first.Append(Intent);
        second.Append(Intent);

        Store().Read()!.Events.Should().Equal(Intent);
    }

    [Fact]
    public void A_refused_run_names_the_holder_its_machine_process_ci_run_since_when_and_the_store()
    {
        const string run = "https://github.com/acme/models/actions/runs/77";
        using var holder = server.Store(_name, Environment, Host, PostgreSqlJournalFixture.Holder("alice", run)).Open(init: true);

        var refused = () => server.Store(_name, Environment, Host, PostgreSqlJournalFixture.Holder("bob")).Open(init: false);

        var message = refused.Should().Throw<JournalException>().Which.Message;
        message.Should().Contain("user alice on machine-of-alice, process 4242").And.Contain($"CI run {run}").And.Contain("since 20").And.Contain("store postgres://test");
        message.Should().NotContain("bob");
    }

    [Fact]
    public void A_row_left_by_a_run_that_ended_names_nobody_the_current_holder_is_named()
    {
        server.Store(_name, Environment, Host, PostgreSqlJournalFixture.Holder("alice")).Open(init: true).Dispose();
        using var current = server.Store(_name, Environment, Host, PostgreSqlJournalFixture.Holder("carol")).Open(init: false);

        var refused = () => server.Store(_name, Environment, Host, PostgreSqlJournalFixture.Holder("bob")).Open(init: false);

        refused.Should().Throw<JournalException>().Which.Message.Should().Contain("user carol").And.NotContain("alice");
    }

    [Fact]
    public async Task A_holder_whose_session_was_terminated_writes_nothing_more_and_another_run_gets_the_lock_at_once()
    {
        var session = Store().Open(init: true);
        session.Append(Intent);
        await server.ScalarAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'kore-deploy' AND pid <> pg_backend_pid() "
            + $"AND pid IN (SELECT backend_pid FROM kore_journal_holders h JOIN kore_journal_environments e ON e.id = h.environment_id WHERE e.name = '{_name}')");

        var next = new JournalEvent.Started("m-1", StepCall.Deploy, "ds-1");
        session.Invoking(s => s.Append(next)).Should().Throw<JournalException>().Which.Message.Should().Contain("writes nothing more");
        session.Invoking(s => s.Append(next)).Should().Throw<JournalException>("a lost session is never reconnected");
        session.Dispose();

        using var after = Store().Open(init: false);
        after.Contents.Events.Should().Equal(Intent);
    }

    [Fact]
    public async Task A_session_ended_by_the_server_while_nothing_is_written_is_lost_and_writes_nothing_more()
    {
        using var session = Store().Open(init: true);
        session.Append(Intent);
        session.Lost.IsCancellationRequested.Should().BeFalse();
        await server.ScalarAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'kore-deploy' AND pid <> pg_backend_pid() "
            + $"AND pid IN (SELECT backend_pid FROM kore_journal_holders h JOIN kore_journal_environments e ON e.id = h.environment_id WHERE e.name = '{_name}')");

        // No append: the connection's keepalive finds the session gone, and the session's check says so, within 30 s.
        await Eventually.WaitUntilAsync(() => session.Lost.IsCancellationRequested, "the session to be marked lost", TimeSpan.FromSeconds(60));

        session.Invoking(s => s.Append(new JournalEvent.Started("m-1", StepCall.Deploy, "ds-1"))).Should().Throw<JournalException>()
            .Which.Message.Should().Contain("database session ended").And.Contain("writes nothing more");
    }

    [Fact]
    public async Task With_a_lock_timeout_a_run_waits_naming_the_holder_and_goes_on_the_moment_the_holder_ends()
    {
        var holder = server.Store(_name, Environment, Host, PostgreSqlJournalFixture.Holder("alice")).Open(init: true);
        holder.Append(Intent);
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var waiting = OwnThread.Run(() => server.Store(_name, Environment, Host, wait: new LockWait(TimeSpan.FromMinutes(5), lines.Enqueue)).Open(init: false));
        await Eventually.WaitUntilAsync(() => !lines.IsEmpty, "the waiting run's first line");
        waiting.IsCompleted.Should().BeFalse();
        holder.Dispose();

        using var session = await Eventually.Within(waiting);
        session.Contents.Events.Should().Equal(Intent);
        lines.Should().ContainSingle().Which.Should().Contain("held by user alice on machine-of-alice").And.Contain("giving up in 5m");
    }

    [Fact]
    public void With_a_lock_timeout_that_runs_out_the_run_is_refused_naming_the_holder()
    {
        using var holder = server.Store(_name, Environment, Host, PostgreSqlJournalFixture.Holder("alice")).Open(init: true);
        var lines = new List<string>();

        var refused = () => server.Store(_name, Environment, Host, wait: new LockWait(TimeSpan.FromSeconds(1), lines.Add)).Open(init: false);

        refused.Should().Throw<JournalException>().Which.Message.Should().Contain("user alice").And.Contain("--lock-timeout 1s");
        lines.Should().ContainSingle().Which.Should().Contain("user alice");
    }

    [Fact]
    public async Task A_database_without_the_tables_says_to_run_journal_init_and_one_with_a_newer_schema_is_refused()
    {
        var database = "d" + _name.Replace("-", string.Empty, StringComparison.Ordinal);
        await server.Server.CreateDatabaseAsync(database);
        var location = Cli.Journal.PostgreSql.PostgreSqlJournalLocation.Parse($"postgres://postgres@127.0.0.1:{server.Server.Port}/{database}", _ => null);
        var store = server.Store(_name, Environment, Host, location: location);

        store.Invoking(s => s.Read()).Should().Throw<JournalException>().Which.Message.Should().Contain("kore-deploy journal init");
        store.Invoking(s => s.Open(init: true)).Should().Throw<JournalException>().Which.Message.Should().Contain("kore-deploy journal init");

        store.CreateTables().Should().Be(1);
        store.CreateTables().Should().Be(1, "init is safe to run again");
        await server.ScalarAsync("INSERT INTO kore_journal_schema (version) VALUES (2)", database);

        store.Invoking(s => s.Read()).Should().Throw<JournalException>().Which.Message.Should().Contain("schema version 2").And.Contain("newer kore-deploy");
        store.Invoking(s => s.Open(init: true)).Should().Throw<JournalException>().Which.Message.Should().Contain("newer kore-deploy");
    }

    [Fact]
    public async Task Each_event_is_one_row_holding_the_line_a_file_journal_would_hold()
    {
        using (var session = Store().Open(init: true))
        {
            session.Append(Intent);
            session.Append(new JournalEvent.Finished("m-1", StepCall.Deploy, "ds-1", DockJobStatus.Success, "deployed"));
        }

        var rows = Convert.ToInt64(await server.ScalarAsync($"SELECT count(*) FROM kore_journal_events v JOIN kore_journal_environments e ON e.id = v.environment_id WHERE e.name = '{_name}'"), System.Globalization.CultureInfo.InvariantCulture);
        var first = (string)(await server.ScalarAsync($"SELECT entry FROM kore_journal_events v JOIN kore_journal_environments e ON e.id = v.environment_id WHERE e.name = '{_name}' ORDER BY seq LIMIT 1"))!;

        rows.Should().Be(2);
        first.Should().Contain("\"event\":\"intent\"").And.Contain("\"modelId\":\"m-1\"").And.Contain("\"fingerprint\":\"fp-1\"");
    }

    [Fact]
    public void A_server_that_cannot_be_reached_is_a_journal_error_naming_the_location()
    {
        var location = Cli.Journal.PostgreSql.PostgreSqlJournalLocation.Parse("postgres://postgres@127.0.0.1:1/kore_journal?connect_timeout=5", _ => null);
        var store = server.Store(_name, Environment, Host, location: location);

        store.Invoking(s => s.Open(init: true)).Should().Throw<JournalException>().Which.Message.Should().Contain("postgres://postgres@127.0.0.1:1/kore_journal");
    }
}
