using System.Globalization;
using System.Net;
using System.Net.Sockets;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>
/// The built tool as child processes against a PostgreSQL server that asks every TCP connection for a password
/// (<c>scram-sha-256</c>), and a scripted service on loopback: each way README says a password may come in
/// (<c>PGPASSWORD</c>, a <c>PGPASSFILE</c>, <c>KORE_JOURNAL_CONNECTION</c>) lets <c>journal init</c> and
/// <c>apply --init</c> log in; no password, or a wrong one, stops the run before anything is sent; and no output,
/// text or JSON, ever holds a password.
/// </summary>
/// <remarks>
/// Every run has <c>HOME</c> in an empty directory of the test, so a <c>~/.pgpass</c> of the machine's user can
/// neither supply a password nor hide a missing one; <see cref="ToolProcess"/> passes on none of the test's own
/// <c>PG*</c> or <c>KORE_JOURNAL_CONNECTION</c> variables.
/// </remarks>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PostgreSqlJournalPasswordProcessTests(PostgreSqlPasswordJournalFixture server) : IClassFixture<PostgreSqlPasswordJournalFixture>, IDisposable
{
    private const string PasswordFile = "PGPASSFILE";
    private const string Connection = "KORE_JOURNAL_CONNECTION";
    private static readonly string[] FastPolling = ["--poll-delay", "50ms", "--poll-max-delay", "200ms"];
    private readonly TempDirectory _dir = new();
    private readonly string _wrongPassword = "pw-wrong-" + Guid.NewGuid().ToString("N");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("PGPASSWORD")]
    [InlineData(PasswordFile)]
    [InlineData(Connection)]
    public async Task Journal_init_and_apply_init_log_in_with_the_password_from(string variable)
    {
        await using var service = await ScriptedService.StartAsync();
        var environment = "pw-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host);
        var variables = await WithPasswordAsync(variable, server.Password);

        var init = await ToolProcess.RunAsync(_dir.Path, variables, ["journal", "init", "-f", manifest, "--env", environment, "--journal", server.Uri]);
        var apply = await ToolProcess.RunAsync(_dir.Path, variables, ["apply", "-f", manifest, "--env", environment, "--journal", server.Uri, "--init", "-o", "json", .. FastPolling]);
        var plan = await ToolProcess.RunAsync(_dir.Path, variables, ["plan", "-f", manifest, "--env", environment, "--journal", server.Uri, "-o", "json"]);

        init.ExitCode.Should().Be(0, init.ToString());
        apply.ExitCode.Should().Be(0, apply.ToString());
        apply.Json.ValueKind.Should().Be(System.Text.Json.JsonValueKind.Object, "-o json wrote one JSON document");
        plan.ExitCode.Should().Be(0, plan.ToString());
        plan.Out.Should().Contain("unchanged");
        service.DeployPosts.Should().Be(1);
        (await EventCountAsync(environment)).Should().Be(3, "intent, started and finished, written as the role that logged in with the password");
        foreach (var run in new[] { init, apply, plan })
        {
            run.All.Should().NotContain(server.Password, run.ToString());
        }

        (await server.ScalarAsync($"SELECT count(*) FROM kore_journal_events WHERE entry LIKE '%{server.Password}%'")).Should().Be(0L);
        (await server.ScalarAsync($"SELECT count(*) FROM kore_journal_holders WHERE store LIKE '%{server.Password}%'")).Should().Be(0L);
        (await server.ScalarAsync("SELECT tableowner FROM pg_tables WHERE tablename = 'kore_journal_events'")).Should().Be(server.User, "journal init created the tables as that role");
    }

    [Theory]
    [InlineData(null, "none of them is set")]
    [InlineData("PGPASSWORD", "set for this run: PGPASSWORD")]
    [InlineData(PasswordFile, "set for this run: PGPASSFILE")]
    [InlineData(Connection, "set for this run: KORE_JOURNAL_CONNECTION")]
    public async Task Without_the_right_password_journal_init_and_apply_exit_7_send_nothing_and_say_where_a_password_comes_from(string? variable, string which)
    {
        await using var service = await ScriptedService.StartAsync();
        var environment = "nopw-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host);
        var variables = variable is null ? await WithPasswordAsync(null, null) : await WithPasswordAsync(variable, _wrongPassword);

        var runs = new[]
        {
            await ToolProcess.RunAsync(_dir.Path, variables, ["journal", "init", "-f", manifest, "--env", environment, "--journal", server.Uri]),
            await ToolProcess.RunAsync(_dir.Path, variables, ["apply", "-f", manifest, "--env", environment, "--journal", server.Uri, "--init", .. FastPolling]),
            await ToolProcess.RunAsync(_dir.Path, variables, ["apply", "-f", manifest, "--env", environment, "--journal", server.Uri, "--init", "-o", "json", .. FastPolling]),
        };

        foreach (var run in runs)
        {
            run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
            run.Error.Should().Contain("cannot be used").And.Contain("PGPASSWORD").And.Contain("PGPASSFILE").And.Contain(Connection).And.Contain(which, run.ToString());
            run.All.Should().NotContain(server.Password).And.NotContain(_wrongPassword);
        }

        runs[2].Json.ValueKind.Should().Be(System.Text.Json.JsonValueKind.Object, "-o json wrote one JSON document");
        service.DeployPosts.Should().Be(0, "nothing is sent before the journal is held");
        service.StatusGets.Should().Be(0);
    }

    [Fact]
    public async Task A_journal_uri_holding_the_password_is_refused_before_any_connection_and_never_repeated()
    {
        await using var service = await ScriptedService.StartAsync();
        var environment = "inuri-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var variables = await WithPasswordAsync(null, null);

        foreach (var uri in new[]
        {
            $"postgres://{server.User}:{server.Password}@127.0.0.1:{port}/{PostgreSqlJournalFixture.Database}",
            $"postgres://{server.User}@127.0.0.1:{port}/{PostgreSqlJournalFixture.Database}?password={server.Password}",
        })
        {
            foreach (var format in new[] { "text", "json" })
            {
                var run = await ToolProcess.RunAsync(_dir.Path, variables, ["apply", "-f", manifest, "--env", environment, "--journal", uri, "--init", "-o", format, .. FastPolling]);

                run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
                run.Error.Should().Contain("must not").And.Contain("PGPASSWORD");
                run.All.Should().NotContain(server.Password);
            }
        }

        // A connection the tool made, even one it closed at once, waits in the listener's backlog.
        listener.Pending().Should().BeFalse("the URI was refused before any connection to the server");
        service.DeployPosts.Should().Be(0);
    }

    /// <summary>
    /// The service's key, <c>HOME</c> in an empty directory, and <paramref name="password"/> where
    /// <paramref name="variable"/> puts it: <c>PGPASSWORD</c> itself, a file of mode 0600 that <c>PGPASSFILE</c> names,
    /// or a whole connection string in <c>KORE_JOURNAL_CONNECTION</c>. None of them when <paramref name="variable"/> is null.
    /// </summary>
    private async Task<Dictionary<string, string>> WithPasswordAsync(string? variable, string? password)
    {
        var home = _dir.File("home-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(home);
        var variables = new Dictionary<string, string>(ScriptedService.ToolEnvironment) { ["HOME"] = home };
        switch (variable)
        {
            case null:
                break;
            case "PGPASSWORD":
                variables[variable] = password!;
                break;
            case PasswordFile:
                var file = _dir.File("pgpass-" + Guid.NewGuid().ToString("N")[..8]);
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
                await using (var writer = new StreamWriter(file, options))
                {
                    await writer.WriteLineAsync($"127.0.0.1:{server.Server.Port}:{PostgreSqlJournalFixture.Database}:{server.User}:{password}");
                }

                File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
                variables[variable] = file;
                break;
            case Connection:
                variables[variable] = $"Host=127.0.0.1;Port={server.Server.Port};Database={PostgreSqlJournalFixture.Database};Username={server.User};Password={password}";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(variable), variable, "not a way a password comes in");
        }

        return variables;
    }

    private async Task<string> WriteManifestAsync(string environment, Uri host)
    {
        var path = _dir.File($"kore-{environment}.json");
        await File.WriteAllTextAsync(path, TestSupport.Manifests.For(host, [("model-01", 50)], environment));
        return path;
    }

    private async Task<long> EventCountAsync(string environment) => Convert.ToInt64(
        await server.ScalarAsync($"SELECT count(*) FROM kore_journal_events v JOIN kore_journal_environments e ON e.id = v.environment_id WHERE e.name = '{environment}'"),
        CultureInfo.InvariantCulture);
}
