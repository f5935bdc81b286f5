using System.Text.Json;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>
/// What apply as a process must do the same way with every shared journal store, against a scripted service on
/// loopback: two applies racing on one environment, a second apply waiting with <c>--lock-timeout</c>, a run killed
/// after its intent (the deploy call has reached the service, which has not answered), a run killed the moment its
/// job's id is recorded (before its wait has polled), and two environments applied at once. A
/// store's class derives from this one and says only what differs: where its journal is, the variables it needs, what
/// taking a killed run's lock takes, and how its events and its holder are read. The next run's plan is compared with
/// the plan of a file journal holding the same events, so a shared store leaves a killed run's models exactly as a file
/// does.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public abstract class SharedJournalProcessScenarios : IDisposable
{
    /// <summary>Short polls, so a released job is seen to end at once.</summary>
    protected static readonly string[] FastPolling = ["--poll-delay", "50ms", "--poll-max-delay", "200ms"];

    /// <summary>Polls so far apart that a wait started now does not poll while the test looks.</summary>
    private static readonly string[] NoPollYet = ["--poll-delay", "30m", "--poll-max-delay", "30m"];

    /// <summary>How long a test waits for a started tool to reach a point it can observe.</summary>
    protected static readonly TimeSpan StartLimit = ToolProcess.StartLimit;

    /// <summary>The test's own directory: manifests, file journals, the tool's working directory.</summary>
    private protected TempDirectory Dir { get; } = new();

    /// <summary>The journal's location as <c>--journal</c> takes it; the environment's name picks the journal in it.</summary>
    protected abstract string Journal { get; }

    /// <summary>The tool's environment: the service's key and what the store needs (credentials, test settings).</summary>
    protected abstract IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>
    /// What a run needs to take the lock of a run killed a moment ago, with no unlock step: nothing where the lock ends
    /// with the killed process's session, a <c>--lock-timeout</c> where a lease must lapse first.
    /// </summary>
    protected abstract IReadOnlyList<string> TakingAKilledRunsLock { get; }

    /// <summary>The environment's events in order, as the JSON lines a file journal would hold after its header.</summary>
    protected abstract Task<IReadOnlyList<string>> EventLinesAsync(string environment);

    /// <summary>The process id of the run that holds the environment's lock now, or <see langword="null"/> when none does.</summary>
    protected abstract Task<int?> HolderProcessAsync(string environment);

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Of_two_applies_released_at_once_exactly_one_runs_and_the_other_exits_7_naming_the_holder_20_times()
    {
        for (var round = 1; round <= 20; round++)
        {
            await using var service = await ScriptedService.StartAsync(released: false);
            var environment = $"race{round}-{Guid.NewGuid():N}"[..20];
            var manifest = await WriteManifestAsync(environment, service.Host, models: 2);
            var gate = Dir.File($"go-{round}");
            var variables = new Dictionary<string, string>(Variables)
            {
                ["GITHUB_SERVER_URL"] = "https://github.com",
                ["GITHUB_REPOSITORY"] = "acme/models",
                ["GITHUB_RUN_ID"] = "4711",
            };
            var wait = $"while [ ! -e '{gate}' ]; do sleep 0.005; done";

            using var first = ToolProcess.StartThroughShell(Dir.Path, variables, wait, ["apply", "-f", manifest, "--env", environment, "--journal", Journal, "--init", .. FastPolling]);
            using var second = ToolProcess.StartThroughShell(Dir.Path, variables, wait, ["apply", "-f", manifest, "--env", environment, "--journal", Journal, "--init", .. FastPolling]);
            await File.WriteAllTextAsync(gate, string.Empty);

            await Eventually.WaitUntilAsync(() => first.HasExited || second.HasExited, $"round {round}: one apply to be refused", StartLimit);
            var (refused, running) = first.HasExited ? (first, second) : (second, first);
            // Its whole output: HasExited turns true before the output readers have reached the end of both streams.
            var refusal = await refused.WaitAsync();
            refusal.ExitCode.Should().Be(ExitCodes.Configuration, $"round {round}: {refusal}");
            refusal.Error.Should().Contain("held by user ").And.Contain(", process ").And.Contain("CI run https://github.com/acme/models/actions/runs/4711").And.Contain($"store {Journal}");

            await Eventually.WaitUntilAsync(() => service.DeployPosts == 2 || running.HasExited, $"round {round}: the other apply to deploy", StartLimit);
            service.Release();
            var done = await running.WaitAsync();
            done.ExitCode.Should().Be(0, $"round {round}: {done}");
            service.DeployPosts.Should().Be(2, $"round {round}: one POST per model");
            (await EventCountAsync(environment)).Should().Be(6, $"round {round}: intent, started and finished for each model, none lost or doubled");
        }
    }

    [Fact]
    public async Task With_lock_timeout_the_second_apply_waits_naming_the_holder_then_finds_nothing_left_to_do()
    {
        await using var service = await ScriptedService.StartAsync(released: false);
        var environment = "waits-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host, models: 1);

        using var first = ToolProcess.Start(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", Journal, "--init", .. FastPolling]);
        await Eventually.WaitUntilAsync(async () => await EventCountAsync(environment) == 2 || first.HasExited, "the first apply to record its job", StartLimit);
        using var second = ToolProcess.Start(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", Journal, "--lock-timeout", "10m", .. FastPolling]);
        await Eventually.WaitUntilAsync(() => second.Error.Contains("waiting for journal", StringComparison.Ordinal) || second.HasExited, "the second apply to say it waits", StartLimit);
        second.HasExited.Should().BeFalse(second.Snapshot().ToString());

        service.Release();
        (await first.WaitAsync()).ExitCode.Should().Be(0);
        var waited = await second.WaitAsync();

        waited.ExitCode.Should().Be(0, waited.ToString());
        waited.Error.Should().Contain("held by user ").And.Contain($"process {first.Id}").And.Contain("giving up in 10m");
        service.DeployPosts.Should().Be(1, "the second apply found the model deployed");
        (await EventCountAsync(environment)).Should().Be(3);
    }

    [Fact]
    public async Task An_apply_killed_after_its_intent_leaves_the_model_unknown_as_a_file_journal_does_and_the_next_apply_sends_no_second_post()
    {
        await using var service = await ScriptedService.StartAsync(released: false);
        service.HoldDeploys();
        var environment = "intent-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host, models: 1);

        using var first = ToolProcess.Start(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", Journal, "--init", .. FastPolling]);
        await Eventually.WaitUntilAsync(() => service.DeployPosts == 1 || first.HasExited, "the deploy call to reach the service", StartLimit);
        first.HasExited.Should().BeFalse(first.Snapshot().ToString());
        (await EventKindsAsync(environment)).Should().Equal(["intent"], "the intent is recorded before the call is sent, and no answer came");
        await first.KillAsync();

        var plan = await PlanAsFileJournalDoesAsync(environment, manifest, service.Host);
        plan.Models()["model-01"].GetProperty("action").GetString().Should().Be("unknown", plan.ToString());
        plan.Models()["model-01"].GetProperty("message").GetString().Should().Contain("was sent and its answer never reached the journal");

        var next = await ToolProcess.RunAsync(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", Journal, "-o", "json", .. TakingAKilledRunsLock, .. FastPolling]);

        next.ExitCode.Should().Be(ExitCodes.UnknownState, next.ToString());
        next.Outcome("model-01").Should().Be("unknown");
        next.Models()["model-01"].GetProperty("message").GetString().Should().Contain("--resolve model-01=not-started");
        service.DeployPosts.Should().Be(1, "a deploy that may have started is never sent again");
        (await EventKindsAsync(environment)).Should().Equal(["intent"], "nothing happened to record");
    }

    [Fact]
    public async Task An_apply_killed_the_moment_its_job_id_is_recorded_is_resumed_by_the_next_apply_with_no_second_post()
    {
        await using var service = await ScriptedService.StartAsync(released: false);
        var environment = "started-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host, models: 1);

        using var first = ToolProcess.Start(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", Journal, "--init", .. NoPollYet]);
        await Eventually.WaitUntilAsync(async () => (await EventLinesAsync(environment)).Count == 2 || first.HasExited, "the job's id to be recorded", StartLimit);
        first.HasExited.Should().BeFalse(first.Snapshot().ToString());
        await first.KillAsync();
        service.StatusGets.Should().Be(0, "the run was killed before its wait polled");
        (await EventKindsAsync(environment)).Should().Equal(["intent", "started"]);

        var plan = await PlanAsFileJournalDoesAsync(environment, manifest, service.Host);
        plan.Models()["model-01"].GetProperty("action").GetString().Should().Be("resume", plan.ToString());

        service.Release();
        var next = await ToolProcess.RunAsync(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", Journal, "-o", "json", .. TakingAKilledRunsLock, .. FastPolling]);

        next.ExitCode.Should().Be(0, next.ToString());
        next.Outcome("model-01").Should().Be("resumed");
        next.Models()["model-01"].GetProperty("dockStatusId").GetString().Should().Be("ds-001");
        next.Models()["model-01"].GetProperty("status").GetString().Should().Be("SUCCESS");
        service.DeployPosts.Should().Be(1, "the recorded job was waited on, not deployed again");
        service.StatusGets.Should().BeGreaterThan(0);
        var lines = (await EventLinesAsync(environment)).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        lines.Select(l => l.GetProperty("event").GetString()).Should().Equal("intent", "started", "finished");
        lines[2].GetProperty("dockStatusId").GetString().Should().Be("ds-001");
        lines[2].GetProperty("status").GetString().Should().Be("SUCCESS");
    }

    [Fact]
    public async Task Two_environments_applied_at_once_do_not_block_each_other()
    {
        await using var service = await ScriptedService.StartAsync(released: false);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (a, b) = ("a-" + suffix, "b-" + suffix);
        var manifestA = await WriteManifestAsync(a, service.Host, models: 1);
        var manifestB = await WriteManifestAsync(b, service.Host, models: 1);

        using var first = ToolProcess.Start(Dir.Path, Variables, ["apply", "-f", manifestA, "--env", a, "--journal", Journal, "--init", .. FastPolling]);
        using var second = ToolProcess.Start(Dir.Path, Variables, ["apply", "-f", manifestB, "--env", b, "--journal", Journal, "--init", .. FastPolling]);
        await Eventually.WaitUntilAsync(
            async () => ((await EventLinesAsync(a)).Count == 2 && (await EventLinesAsync(b)).Count == 2) || first.HasExited || second.HasExited,
            "both environments' applies to hold their journals and wait on their jobs",
            StartLimit);
        first.HasExited.Should().BeFalse(first.Snapshot().ToString());
        second.HasExited.Should().BeFalse(second.Snapshot().ToString());
        (await HolderProcessAsync(a)).Should().Be(first.Id, "each run holds its own environment's lock");
        (await HolderProcessAsync(b)).Should().Be(second.Id, "at the same time as the other");

        service.Release();
        (await first.WaitAsync()).ExitCode.Should().Be(0);
        (await second.WaitAsync()).ExitCode.Should().Be(0);
        service.DeployPosts.Should().Be(2);
        (await EventLinesAsync(a)).Should().HaveCount(3);
        (await EventLinesAsync(b)).Should().HaveCount(3);
    }

    /// <summary>A manifest of <paramref name="models"/> models (<c>model-01</c>, …) on <paramref name="host"/>, naming <paramref name="journal"/> when given.</summary>
    protected async Task<string> WriteManifestAsync(string environment, Uri host, int models, string? journal = null)
    {
        var text = TestSupport.Manifests.For(host, Enumerable.Range(1, models).Select(i => ($"model-{i:00}", 50)), environment);
        if (journal is not null)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(text)!;
            node["environments"]![environment]!["journal"] = journal;
            text = node.ToJsonString();
        }

        var path = Dir.File($"kore-{environment}.json");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    /// <summary>The number of events in the environment's journal.</summary>
    protected async Task<int> EventCountAsync(string environment) => (await EventLinesAsync(environment)).Count;

    private async Task<IReadOnlyList<string?>> EventKindsAsync(string environment) =>
        [.. (await EventLinesAsync(environment)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetString())];

    /// <summary>A plan's stdout as two plans of the same events must agree on it: all of it, but how long the run took and where its journal is.</summary>
    private static string Comparable(ToolRun plan, string format)
    {
        if (format != "json")
        {
            return plan.Out;
        }

        var document = System.Text.Json.Nodes.JsonNode.Parse(plan.Out)!.AsObject();
        document.Remove("elapsedSeconds").Should().BeTrue(plan.ToString());
        document.Remove("journal").Should().BeTrue(plan.ToString());
        return document.ToJsonString();
    }

    /// <summary>
    /// Plans from the store, and from a file journal holding the same events after a header for the same environment
    /// and host, as text and as JSON: the two plans must be the same, word for word. Returns the store's JSON plan.
    /// </summary>
    private async Task<ToolRun> PlanAsFileJournalDoesAsync(string environment, string manifest, Uri host)
    {
        var file = Dir.File($"{environment}.file.journal.jsonl");
        var header = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["at"] = DateTimeOffset.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            ["event"] = "journal",
            ["environment"] = environment,
            ["host"] = host.ToString().TrimEnd('/'),
        });
        await File.WriteAllLinesAsync(file, [header, .. await EventLinesAsync(environment)]);

        ToolRun? json = null;
        foreach (var format in new[] { "text", "json" })
        {
            var fromStore = await ToolProcess.RunAsync(Dir.Path, Variables, ["plan", "-f", manifest, "--env", environment, "--journal", Journal, "--detailed-exitcode", "-o", format]);
            var fromFile = await ToolProcess.RunAsync(Dir.Path, Variables, ["plan", "-f", manifest, "--env", environment, "--journal", file, "--detailed-exitcode", "-o", format]);
            fromStore.ExitCode.Should().Be(ExitCodes.PlanHasChanges, fromStore.ToString());
            fromStore.ExitCode.Should().Be(fromFile.ExitCode, fromFile.ToString());
            Comparable(fromStore, format).Should().Be(Comparable(fromFile, format), $"a {format} plan from the store reads as one from a file journal with the same events");
            json = fromStore;
        }

        return json!;
    }
}
