using System.Diagnostics;
using System.Globalization;
using KoreModelDeploy.Cli.Tests.TestSupport;
using Xunit.Abstractions;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>
/// The built tool as a child process whose PostgreSQL journal goes away while it only polls: the network cut between
/// them (a proxy that drops every byte and closes nothing) and the server restarted with <c>pg_ctl restart -m fast</c>.
/// The class has a server of its own, since one of its tests restarts it. What must hold is counted on the service's
/// side, at the proxy and in the journal's rows.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PostgreSqlJournalLossProcessTests(PostgreSqlJournalFixture server, ITestOutputHelper output) : IClassFixture<PostgreSqlJournalFixture>, IDisposable
{
    private static readonly string[] FastPolling = ["--poll-delay", "50ms", "--poll-max-delay", "200ms"];
    private static readonly TimeSpan StartLimit = ToolProcess.StartLimit;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_apply_cut_off_from_its_database_while_it_polls_stops_never_reconnects_and_the_next_apply_resumes_its_job()
    {
        await using var service = await ScriptedService.StartAsync(released: false);
        await using var proxy = CuttableTcpProxy.Start(server.Server.Port);
        var environment = "cut-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host, models: 1);
        var throughProxy = $"postgres://postgres@127.0.0.2:{proxy.Port}/{PostgreSqlJournalFixture.Database}";

        using var holder = ToolProcess.Start(_dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", manifest, "--env", environment, "--journal", throughProxy, "--init", .. FastPolling]);
        await Eventually.WaitUntilAsync(async () => await EventCountAsync(environment) == 2 || holder.HasExited, "the job's id to be recorded", StartLimit);
        await Eventually.WaitUntilAsync(() => service.StatusGets > 0 || holder.HasExited, "the apply to poll its job", StartLimit);
        holder.HasExited.Should().BeFalse(holder.Snapshot().ToString());
        var backend = await HolderBackendAsync(environment);
        var connectionsBeforeCut = proxy.Connections;

        proxy.Cut();
        var sinceCut = Stopwatch.StartNew();

        // The tool notices within 30 s (keepalive, then its check); WaitAsync's own bound leaves a loaded machine room.
        var stopped = await holder.WaitAsync();
        output.WriteLine($"the apply ended {sinceCut.Elapsed.TotalSeconds:0.0} s after the cut");
        var pollsWhenStopped = service.StatusGets;
        stopped.ExitCode.Should().Be(ExitCodes.UnknownState, stopped.ToString());
        stopped.Error.Should().Contain($"the lock on journal postgres://postgres@127.0.0.2:{proxy.Port}/{PostgreSqlJournalFixture.Database}")
            .And.Contain("was lost").And.Contain("the next apply waits on it").And.Contain("never reconnected");
        proxy.Connections.Should().Be(connectionsBeforeCut, "a lost session is never reconnected, nor is a query cancelled over a new connection");
        (await EventCountAsync(environment)).Should().Be(2, "nothing was written after the cut");

        // The server may still hold the old session (the proxy closed nothing) until its own keepalives give up; end it
        // now. Whether it was still there is the server's business, not the tool's, so the answer is not asserted.
        await server.ScalarAsync($"SELECT pg_terminate_backend({backend})");
        service.StatusGets.Should().BeLessThanOrEqualTo(pollsWhenStopped + 1, "the stopped apply polls no more (a status call already on the wire as it ended may be counted after)");
        service.Release();
        var next = await ToolProcess.RunAsync(_dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", manifest, "--env", environment, "--journal", server.Uri, "--lock-timeout", "1m", .. FastPolling]);

        next.ExitCode.Should().Be(0, next.ToString());
        service.DeployPosts.Should().Be(1, "the next apply waited on the recorded job instead of deploying again");
        (await EventCountAsync(environment)).Should().Be(3);
        proxy.Connections.Should().Be(connectionsBeforeCut);
    }

    [Fact]
    public async Task An_apply_whose_database_restarts_mid_apply_fails_safe_and_a_re_run_completes_with_no_second_post()
    {
        await using var service = await ScriptedService.StartAsync(released: false);
        var environment = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host, models: 2);

        // One model at a time: the server restarts while the first waits and before the second is sent.
        using var holder = ToolProcess.Start(_dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", manifest, "--env", environment, "--journal", server.Uri, "--init", "--parallel", "1", .. FastPolling]);
        await Eventually.WaitUntilAsync(async () => await EventCountAsync(environment) == 2 || holder.HasExited, "the first job's id to be recorded", StartLimit);
        await Eventually.WaitUntilAsync(() => service.StatusGets > 0 || holder.HasExited, "the apply to poll its job", StartLimit);
        holder.HasExited.Should().BeFalse(holder.Snapshot().ToString());

        await server.RestartAsync();
        var sinceRestart = Stopwatch.StartNew();
        var stopped = await holder.WaitAsync();
        output.WriteLine($"the apply ended {sinceRestart.Elapsed.TotalSeconds:0.0} s after the restart");

        stopped.ExitCode.Should().BeOneOf([ExitCodes.Configuration, ExitCodes.UnknownState], stopped.ToString());
        stopped.Error.Should().Contain("writes nothing more");
        service.DeployPosts.Should().BeLessThanOrEqualTo((int)await EventCountAsync(environment, "intent"), "nothing is deployed that the journal does not hold at least an intent for");
        service.DeployPosts.Should().Be(1, "the second model was not started once the session was gone");

        service.Release();
        var next = await ToolProcess.RunAsync(_dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", manifest, "--env", environment, "--journal", server.Uri, "--lock-timeout", "1m", .. FastPolling]);

        next.ExitCode.Should().Be(0, next.ToString());
        service.DeployPosts.Should().Be(2, "the first model's job was waited on, the second deployed once");
        (await EventCountAsync(environment, "intent")).Should().Be(2);
        (await EventCountAsync(environment, "finished")).Should().Be(2);
    }

    private async Task<string> WriteManifestAsync(string environment, Uri host, int models)
    {
        var path = _dir.File($"kore-{environment}.json");
        await File.WriteAllTextAsync(path, TestSupport.Manifests.For(host, Enumerable.Range(1, models).Select(i => ($"model-{i:00}", 50)), environment));
        return path;
    }

    /// <summary>The process id of the database session the environment's holder recorded.</summary>
    private async Task<int> HolderBackendAsync(string environment) => Convert.ToInt32(
        await server.ScalarAsync($"SELECT h.backend_pid FROM kore_journal_holders h JOIN kore_journal_environments e ON e.id = h.environment_id WHERE e.name = '{environment}'"),
        CultureInfo.InvariantCulture);

    private async Task<long> EventCountAsync(string environment, string? kind = null) => Convert.ToInt64(
        await server.ScalarAsync(
            $"SELECT count(*) FROM kore_journal_events v JOIN kore_journal_environments e ON e.id = v.environment_id WHERE e.name = '{environment}'"
            + (kind is null ? string.Empty : $" AND (v.entry::jsonb)->>'event' = '{kind}'")),
        CultureInfo.InvariantCulture);
}
