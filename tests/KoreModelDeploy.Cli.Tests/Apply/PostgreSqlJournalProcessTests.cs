using System.Globalization;
using KoreModelDeploy.Cli.Tests.TestSupport;
using Npgsql;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>
/// The built tool as child processes with its journal in a real PostgreSQL server and a scripted service on loopback:
/// two applies racing, an apply killed while it waits, an apply whose database session is terminated, and the
/// scenarios every shared store passes (<see cref="SharedJournalProcessScenarios"/>). What must hold is counted on the
/// service's side and in the journal's rows.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PostgreSqlJournalProcessTests(PostgreSqlJournalFixture server) : SharedJournalProcessScenarios, IClassFixture<PostgreSqlJournalFixture>
{
    private const string Password = "pg-Secret-4b7e2a9c";

    protected override string Journal => server.Uri;

    protected override IReadOnlyDictionary<string, string> Variables => ScriptedService.ToolEnvironment;

    /// <summary>Nothing: the lock is a session's, and ends with the killed process's connection.</summary>
    protected override IReadOnlyList<string> TakingAKilledRunsLock => [];

    [Fact]
    public async Task An_apply_killed_while_it_waits_leaves_no_lock_the_next_apply_takes_it_at_once_and_sends_no_second_post()
    {
        await using var service = await ScriptedService.StartAsync(released: false);
        var environment = "killed-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host, models: 2);

        using var first = ToolProcess.Start(Dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", manifest, "--env", environment, "--journal", server.Uri, "--init", .. FastPolling]);
        await Eventually.WaitUntilAsync(() => service.StatusGets > 0 || first.HasExited, "the first apply to be waiting on its jobs", StartLimit);
        await Eventually.WaitUntilAsync(async () => await EventCountAsync(environment) == 4 || first.HasExited, "both jobs' ids to be recorded", StartLimit);
        first.HasExited.Should().BeFalse(first.Snapshot().ToString());
        await first.KillAsync();

        service.Release();
        var next = await ToolProcess.RunAsync(Dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", manifest, "--env", environment, "--journal", server.Uri, .. FastPolling]);

        next.ExitCode.Should().Be(0, next.ToString());
        service.DeployPosts.Should().Be(2, "the next apply waited on the recorded jobs instead of deploying again");
        (await EventCountAsync(environment)).Should().Be(6);
    }

    [Fact]
    public async Task An_apply_whose_session_is_terminated_writes_nothing_more_and_exits_non_zero_and_the_next_apply_completes()
    {
        await using var service = await ScriptedService.StartAsync(released: false);
        var environment = "fenced-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host, models: 2);

        using var holder = ToolProcess.Start(Dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", manifest, "--env", environment, "--journal", server.Uri, "--init", .. FastPolling]);
        await Eventually.WaitUntilAsync(async () => await EventCountAsync(environment) == 4 || holder.HasExited, "both jobs' ids to be recorded", StartLimit);
        holder.HasExited.Should().BeFalse(holder.Snapshot().ToString());
        var terminated = await server.ScalarAsync(
            $"SELECT pg_terminate_backend(h.backend_pid) FROM kore_journal_holders h JOIN kore_journal_environments e ON e.id = h.environment_id WHERE e.name = '{environment}'");
        terminated.Should().Be(true);

        service.Release();
        var fenced = await holder.WaitAsync();

        fenced.ExitCode.Should().BeOneOf([ExitCodes.Configuration, ExitCodes.UnknownState], fenced.ToString());
        fenced.Error.Should().Contain("writes nothing more");
        (await EventCountAsync(environment)).Should().Be(4, "nothing was written after the session ended");
        var next = await ToolProcess.RunAsync(Dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", manifest, "--env", environment, "--journal", server.Uri, .. FastPolling]);
        next.ExitCode.Should().Be(0, next.ToString());
        service.DeployPosts.Should().Be(2);
        (await EventCountAsync(environment)).Should().Be(6);
    }

    [Fact]
    public async Task Journal_init_creates_the_tables_apply_needs_init_for_an_environment_and_the_manifest_may_name_the_store()
    {
        await using var service = await ScriptedService.StartAsync();
        var database = "init" + Guid.NewGuid().ToString("N")[..8];
        await server.Server.CreateDatabaseAsync(database);
        var uri = $"postgres://postgres@127.0.0.1:{server.Server.Port}/{database}";
        var environment = "named";
        var manifest = await WriteManifestAsync(environment, service.Host, models: 1, journal: uri);

        var before = await ToolProcess.RunAsync(Dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", manifest, "--env", environment, "--init", .. FastPolling]);
        before.ExitCode.Should().Be(ExitCodes.Configuration, before.ToString());
        before.Error.Should().Contain("kore-deploy journal init");

        foreach (var attempt in new[] { 1, 2 })
        {
            var init = await ToolProcess.RunAsync(Dir.Path, ScriptedService.ToolEnvironment, ["journal", "init", "-f", manifest, "--env", environment]);
            init.ExitCode.Should().Be(0, $"attempt {attempt}: {init}");
        }

        var withoutInit = await ToolProcess.RunAsync(Dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", manifest, "--env", environment, .. FastPolling]);
        withoutInit.ExitCode.Should().Be(ExitCodes.Configuration, withoutInit.ToString());
        withoutInit.Error.Should().Contain("--init");

        var apply = await ToolProcess.RunAsync(Dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", manifest, "--env", environment, "--init", .. FastPolling]);
        apply.ExitCode.Should().Be(0, apply.ToString());
        Convert.ToInt64(await server.ScalarAsync("SELECT count(*) FROM kore_journal_events", database), CultureInfo.InvariantCulture).Should().Be(3);
        File.Exists(Dir.File($"kore-{environment}.{environment}.journal.jsonl")).Should().BeFalse("the manifest's store was used, not a file");

        var plan = await ToolProcess.RunAsync(Dir.Path, ScriptedService.ToolEnvironment, ["plan", "-f", manifest, "--env", environment, "-o", "json"]);
        plan.ExitCode.Should().Be(0, plan.ToString());
        plan.Out.Should().Contain("unchanged");

        var overridden = await ToolProcess.RunAsync(Dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", manifest, "--env", environment, "--journal", Dir.File("local.jsonl"), "--init", .. FastPolling]);
        overridden.ExitCode.Should().Be(0, overridden.ToString());
        File.Exists(Dir.File("local.jsonl")).Should().BeTrue("--journal wins over the manifest's");
    }

    [Fact]
    public async Task No_password_appears_in_any_output_of_failing_or_succeeding_runs()
    {
        await using var service = await ScriptedService.StartAsync();
        var environment = "secret-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host, models: 1);
        var withPassword = new Dictionary<string, string>(ScriptedService.ToolEnvironment) { ["PGPASSWORD"] = Password };
        var withConnection = new Dictionary<string, string>(ScriptedService.ToolEnvironment)
        {
            ["KORE_JOURNAL_CONNECTION"] = $"Host=127.0.0.1;Port={server.Server.Port};Database={PostgreSqlJournalFixture.Database};Username=postgres;Password={Password}",
        };
        var unreachable = new Dictionary<string, string>(ScriptedService.ToolEnvironment)
        {
            ["KORE_JOURNAL_CONNECTION"] = $"Host=127.0.0.1;Port=1;Database=x;Username=postgres;Password={Password};Timeout=5",
        };
        var badConnection = new Dictionary<string, string>(ScriptedService.ToolEnvironment) { ["KORE_JOURNAL_CONNECTION"] = $"Password={Password};Nonsense={Password}" };

        var runs = new List<(ToolRun Run, int Expected)>();
        foreach (var format in new[] { "text", "json" })
        {
            runs.Add((await ToolProcess.RunAsync(Dir.Path, withPassword, ["apply", "-f", manifest, "--env", environment, "--journal", $"postgres://postgres:{Password}@127.0.0.1:{server.Server.Port}/{PostgreSqlJournalFixture.Database}", "--init", "-o", format, .. FastPolling]), ExitCodes.Configuration));
            runs.Add((await ToolProcess.RunAsync(Dir.Path, withPassword, ["apply", "-f", manifest, "--env", environment, "--journal", $"{server.Uri}?password={Password}", "--init", "-o", format, .. FastPolling]), ExitCodes.Configuration));
            runs.Add((await ToolProcess.RunAsync(Dir.Path, unreachable, ["apply", "-f", manifest, "--env", environment, "--journal", server.Uri, "--init", "-o", format, .. FastPolling]), ExitCodes.Configuration));
            runs.Add((await ToolProcess.RunAsync(Dir.Path, badConnection, ["plan", "-f", manifest, "--env", environment, "--journal", server.Uri, "-o", format]), ExitCodes.Configuration));
            runs.Add((await ToolProcess.RunAsync(Dir.Path, withPassword, ["apply", "-f", manifest, "--env", environment, "--journal", server.Uri, "--init", "-o", format, .. FastPolling]), 0));
            runs.Add((await ToolProcess.RunAsync(Dir.Path, withConnection, ["apply", "-f", manifest, "--env", environment, "--journal", server.Uri, "-o", format, .. FastPolling]), 0));
            runs.Add((await ToolProcess.RunAsync(Dir.Path, withConnection, ["plan", "-f", manifest, "--env", environment, "--journal", server.Uri, "-o", format]), 0));
            runs.Add((await ToolProcess.RunAsync(Dir.Path, withConnection, ["journal", "init", "-f", manifest, "--env", environment, "--journal", server.Uri, "-o", format]), 0));
        }

        foreach (var (run, expected) in runs)
        {
            run.ExitCode.Should().Be(expected, run.ToString());
            run.All.Should().NotContain(Password, run.ToString());
        }

        var rows = await server.ScalarAsync("SELECT count(*) FROM kore_journal_events WHERE entry LIKE '%" + Password + "%'");
        Convert.ToInt64(rows, CultureInfo.InvariantCulture).Should().Be(0);
        var holders = await server.ScalarAsync("SELECT count(*) FROM kore_journal_holders WHERE store LIKE '%" + Password + "%'");
        Convert.ToInt64(holders, CultureInfo.InvariantCulture).Should().Be(0);
    }

    protected override async Task<IReadOnlyList<string>> EventLinesAsync(string environment)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT v.entry FROM kore_journal_events v JOIN kore_journal_environments e ON e.id = v.environment_id WHERE e.name = @name ORDER BY v.seq",
            connection);
        command.Parameters.AddWithValue("name", environment);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }

    /// <summary>The process id the holder's row names, while its session holds the advisory lock.</summary>
    protected override async Task<int?> HolderProcessAsync(string environment) => await server.ScalarAsync(
        "SELECT h.process_id FROM kore_journal_holders h JOIN kore_journal_environments e ON e.id = h.environment_id "
        + "JOIN pg_locks l ON l.pid = h.backend_pid AND l.locktype = 'advisory' AND l.granted "
        + $"WHERE e.name = '{environment}'") as int?;
}
