using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Emulator;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>
/// The built tool as a child process against an emulator in the test: killed with SIGKILL during its waits, run twice
/// at once, and run after a deploy call whose answer was a 5xx. What must hold is counted on the emulator's side.
/// </summary>
public sealed class ApplyProcessTests : IDisposable
{
    private static readonly string[] FastPolling = ["--poll-delay", "50ms", "--poll-max-delay", "200ms"];

    // A child process starts the runtime and JIT-compiles the tool first; on a busy machine that alone can take seconds.
    private static readonly TimeSpan StartLimit = ToolProcess.StartLimit;
    private readonly TempDirectory _dir = new();

    private string ManifestPath => _dir.File("kore.json");

    private string JournalPath => _dir.File("kore.test.journal.jsonl");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Killed_during_the_waits_the_rerun_waits_on_every_recorded_job_and_sends_no_second_deploy()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(emulator.Host, 6));

        using (var first = ToolProcess.Start(_dir.Path, emulator.ToolEnvironment, ["apply", "-f", ManifestPath, "--env", "test", "--init", "--parallel", "6", .. FastPolling]))
        {
            // Every deploy has answered and its id is on disk; the tool is polling.
            await Eventually.WaitUntilAsync(() => JournalLines.Count(JournalPath, "started") == 6 || first.HasExited, "six dock status ids in the journal", StartLimit);
            await Eventually.WaitUntilAsync(() => emulator.Emulator.GetRequestCount(EmulatorEndpoint.DockStatus) >= 6 || first.HasExited, "the waits to poll", StartLimit);
            first.HasExited.Should().BeFalse(first.Snapshot().ToString());
            await first.KillAsync();
        }

        emulator.DeployPosts.Should().Be(6);
        JournalLines.Count(JournalPath, "intent").Should().Be(6);
        JournalLines.Count(JournalPath, "finished").Should().Be(0, "every job was still running when the process died");

        var plan = await ToolProcess.RunAsync(_dir.Path, emulator.ToolEnvironment, "plan", "-f", ManifestPath, "--env", "test", "-o", "json");
        plan.Models().Values.Select(m => m.GetProperty("action").GetString()).Should().AllBe("resume", plan.ToString());

        emulator.FinishRunningJobs();
        var rerun = await ToolProcess.RunAsync(_dir.Path, emulator.ToolEnvironment, ["apply", "-f", ManifestPath, "--env", "test", "-o", "json", .. FastPolling]);

        rerun.ExitCode.Should().Be(0, rerun.ToString());
        rerun.Models().Should().HaveCount(6);
        rerun.Models().Values.Should().AllSatisfy(m =>
        {
            m.GetProperty("outcome").GetString().Should().Be("resumed");
            m.GetProperty("status").GetString().Should().Be("SUCCESS");
        });
        emulator.DeployPosts.Should().Be(6, "a recorded id is waited on, never deployed again");
        emulator.Emulator.GetDeployedModelIds().Should().HaveCount(6);

        var settled = await ToolProcess.RunAsync(_dir.Path, emulator.ToolEnvironment, "plan", "-f", ManifestPath, "--env", "test", "--detailed-exitcode");
        settled.ExitCode.Should().Be(0, settled.ToString());
    }

    [Fact]
    public async Task A_second_apply_on_the_same_journal_refuses_while_the_first_runs_and_the_lock_dies_with_the_first()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(emulator.Host, 2));

        using var first = ToolProcess.Start(_dir.Path, emulator.ToolEnvironment, ["apply", "-f", ManifestPath, "--env", "test", "--init", .. FastPolling]);
        await Eventually.WaitUntilAsync(() => JournalLines.Count(JournalPath, "started") == 2 || first.HasExited, "the first apply to be waiting", StartLimit);

        var second = await ToolProcess.RunAsync(_dir.Path, emulator.ToolEnvironment, ["apply", "-f", ManifestPath, "--env", "test", .. FastPolling]);

        second.ExitCode.Should().Be(ExitCodes.Configuration, second.ToString());
        second.Error.Should().Contain("Another apply holds journal").And.Contain("process ").And.Contain("concurrency control");
        emulator.DeployPosts.Should().Be(2, "the refused apply sent nothing");

        await first.KillAsync();
        emulator.FinishRunningJobs();
        var third = await ToolProcess.RunAsync(_dir.Path, emulator.ToolEnvironment, ["apply", "-f", ManifestPath, "--env", "test", .. FastPolling]);
        third.ExitCode.Should().Be(0, "the killed apply's lock went with its process: " + third);
        emulator.DeployPosts.Should().Be(2);
    }

    [Fact]
    public async Task A_5xx_on_a_deploy_call_leaves_the_model_unknown_the_rerun_does_not_send_it_and_resolve_settles_it()
    {
        await using var emulator = await EmulatorFixture.StartAsync(o => o.JobDuration = TimeSpan.Zero);
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(emulator.Host, 2));
        emulator.Emulator.Faults.Enqueue(EmulatorFault.ServerError(503), EmulatorEndpoint.Deploy);
        var apply = new[] { "apply", "-f", ManifestPath, "--env", "test", "--parallel", "1", "-o", "json" }.Concat(FastPolling).ToArray();

        var first = await ToolProcess.RunAsync(_dir.Path, emulator.ToolEnvironment, [.. apply, "--init"]);

        first.ExitCode.Should().Be(ExitCodes.UnknownState, first.ToString());
        first.Outcome("model-01").Should().Be("unknown");
        first.Models()["model-01"].GetProperty("message").GetString().Should().Contain("--resolve model-01=not-started");
        first.Outcome("model-02").Should().Be("deployed");
        var postsAfterFirst = emulator.DeployPosts;

        var rerun = await ToolProcess.RunAsync(_dir.Path, emulator.ToolEnvironment, apply);

        rerun.ExitCode.Should().Be(ExitCodes.UnknownState, rerun.ToString());
        rerun.Outcome("model-01").Should().Be("unknown");
        rerun.Outcome("model-02").Should().Be("unchanged");
        emulator.DeployPosts.Should().Be(postsAfterFirst, "a deploy that may have started is never sent again silently");

        var resolved = await ToolProcess.RunAsync(_dir.Path, emulator.ToolEnvironment, [.. apply, "--resolve", "model-01=not-started"]);

        resolved.ExitCode.Should().Be(0, resolved.ToString());
        resolved.Outcome("model-01").Should().Be("deployed");
        emulator.DeployPosts.Should().Be(postsAfterFirst + 1);
        JournalLines.Count(JournalPath, "resolved", "model-01").Should().Be(1);
    }
}
