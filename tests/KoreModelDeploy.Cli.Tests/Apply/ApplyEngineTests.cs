using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Manifests;
using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>The apply engine in-process, against an emulator on loopback whose jobs end when the test says.</summary>
public sealed class ApplyEngineTests : IDisposable
{
    private static readonly DockPollingOptions FastPolling = new() { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromMinutes(1) };
    private readonly TempDirectory _dir = new();
    private readonly HttpClient _http = new();

    private string JournalPath => _dir.File("kore.test.journal.jsonl");

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Fifty_models_eight_at_a_time_all_reach_SUCCESS_each_deployed_once()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var environment = Resolve(emulator.Host, 50);
        using var journal = DeploymentJournal.Open(new FileJournalStore(JournalPath, "test", emulator.Host, TimeProvider.System), init: true);
        var plan = Planner.Create(environment, journal.State, new PlanOptions());
        var observer = new CountingObserver();
        var engine = new ApplyEngine(Client(emulator), journal, new ApplyOptions(8));

        var running = engine.RunAsync(plan, observer, CancellationToken.None);

        // Jobs end only when the clock moves: move it each time the engine has as many jobs running as it may.
        while (!running.IsCompleted)
        {
            await Eventually.WaitUntilAsync(
                () => running.IsCompleted || observer.Running == Math.Min(8, 50 - observer.Finished) && observer.Running == observer.RunningWithJob,
                "the engine to fill its eight slots");
            emulator.FinishRunningJobs();
            await Task.WhenAny(running, observer.NextFinish());
        }

        var report = await running;
        report.ExitCode.Should().Be(0);
        report.Models.Should().HaveCount(50).And.OnlyContain(m => m.Outcome == ModelOutcome.Succeeded && m.Status == "SUCCESS");
        observer.MostRunning.Should().Be(8, "--parallel 8 runs eight models at once, never more");
        emulator.DeployPosts.Should().Be(50, "each model is deployed once");
        emulator.Emulator.GetDeployedModelIds().Should().HaveCount(50);
        JournalLines.Count(JournalPath, "finished").Should().Be(50);
    }

    [Fact]
    public async Task The_intent_is_on_disk_before_the_deploy_call_and_the_id_the_moment_it_answers()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        emulator.Emulator.Faults.Enqueue(EmulatorFault.SlowResponse(TimeSpan.FromMinutes(1)), EmulatorEndpoint.Deploy);
        using var journal = DeploymentJournal.Open(new FileJournalStore(JournalPath, "test", emulator.Host, TimeProvider.System), init: true);
        var plan = Planner.Create(Resolve(emulator.Host, 1), journal.State, new PlanOptions());
        var engine = new ApplyEngine(Client(emulator), journal, new ApplyOptions(1));

        var running = engine.RunAsync(plan, new CountingObserver(), CancellationToken.None);

        // The service holds the deploy call: the intent is already on disk, the id is not.
        await Eventually.WaitUntilAsync(() => emulator.Emulator.Faults.AppliedRequestFaultCount == 1, "the emulator to hold the deploy call");
        emulator.DeployPosts.Should().Be(1);
        JournalLines.Count(JournalPath, "intent").Should().Be(1);
        JournalLines.Count(JournalPath, "started").Should().Be(0);

        // The held answer's wait has begun, so one minute of the emulator's clock releases it. The job then runs for an
        // hour of that clock, so the id is on disk while the wait is still going on.
        emulator.Clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.WaitUntilAsync(() => JournalLines.Count(JournalPath, "started") == 1, "the dock status id in the journal");
        running.IsCompleted.Should().BeFalse();
        JournalLines.Count(JournalPath, "finished").Should().Be(0);

        emulator.FinishRunningJobs();
        (await Eventually.Within(running)).ExitCode.Should().Be(0);
        JournalLines.Count(JournalPath, "finished").Should().Be(1);
    }

    [Fact]
    public async Task A_deploy_call_refused_with_a_4xx_is_journaled_as_not_started_and_the_next_plan_sends_it()
    {
        await using var emulator = await EmulatorFixture.StartAsync(o => o.JobDuration = TimeSpan.Zero);
        using (var journal = DeploymentJournal.Open(new FileJournalStore(JournalPath, "test", emulator.Host, TimeProvider.System), init: true))
        {
            var plan = Planner.Create(Resolve(emulator.Host, 1), journal.State, new PlanOptions());
            var wrongKey = new ModelDeploymentClient(_http, new KoreModelDeployOptions { Host = emulator.Host, ApiKey = "not-the-key", Polling = FastPolling });

            var report = await new ApplyEngine(wrongKey, journal, new ApplyOptions(1)).RunAsync(plan, new CountingObserver(), CancellationToken.None);

            report.ExitCode.Should().Be(ExitCodes.Authentication);
            report.Models.Single().Message.Should().Contain("started nothing").And.NotContain("not-the-key");
        }

        JournalLines.Count(JournalPath, "not-started").Should().Be(1);
        var state = JournalFile.Read(JournalPath, "test", emulator.Host)!.State;
        Planner.Create(Resolve(emulator.Host, 1), state, new PlanOptions()).Models.Single().Action.Should().Be(PlanAction.Deploy);
    }

    [Fact]
    public async Task Cancelling_stops_the_waits_not_the_jobs_and_the_next_run_resumes_them()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var environment = Resolve(emulator.Host, 3);
        using var stop = new CancellationTokenSource();
        ApplyReport cancelled;
        using (var journal = DeploymentJournal.Open(new FileJournalStore(JournalPath, "test", emulator.Host, TimeProvider.System), init: true))
        {
            var running = new ApplyEngine(Client(emulator), journal, new ApplyOptions(3))
                .RunAsync(Planner.Create(environment, journal.State, new PlanOptions()), new CountingObserver(), stop.Token);
            await Eventually.WaitUntilAsync(() => JournalLines.Count(JournalPath, "started") == 3, "three jobs started");
            await stop.CancelAsync();
            cancelled = await Eventually.Within(running);
        }

        cancelled.ExitCode.Should().Be(ExitCodes.Cancelled);
        cancelled.Models.Should().OnlyContain(m => m.Outcome == ModelOutcome.Cancelled && m.DockStatusId != null);

        emulator.FinishRunningJobs();
        using var reopened = DeploymentJournal.Open(new FileJournalStore(JournalPath, "test", emulator.Host, TimeProvider.System), init: false);
        var plan = Planner.Create(environment, reopened.State, new PlanOptions());
        plan.Models.Should().OnlyContain(m => m.Action == PlanAction.Resume);
        var resumed = await new ApplyEngine(Client(emulator), reopened, new ApplyOptions(3)).RunAsync(plan, new CountingObserver(), CancellationToken.None);
        resumed.ExitCode.Should().Be(0);
        resumed.Models.Select(m => m.DockStatusId).Should().BeEquivalentTo(cancelled.Models.Select(m => m.DockStatusId));
        emulator.DeployPosts.Should().Be(3);
    }

    [Fact]
    public async Task A_wait_that_times_out_keeps_the_id_and_the_next_run_waits_on_it_without_deploying_again()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var environment = Resolve(emulator.Host, 1);
        var waitClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var shortWait = new DockPollingOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1), Jitter = 0, Timeout = TimeSpan.FromSeconds(5) };
        var client = new ModelDeploymentClient(_http, new KoreModelDeployOptions { Host = emulator.Host, ApiKey = emulator.Emulator.ApiKey, Polling = shortWait }, timeProvider: waitClock);
        ApplyReport timedOut;
        using (var journal = DeploymentJournal.Open(new FileJournalStore(JournalPath, "test", emulator.Host, TimeProvider.System), init: true))
        {
            var running = new ApplyEngine(client, journal, new ApplyOptions(1))
                .RunAsync(Planner.Create(environment, journal.State, new PlanOptions()), new CountingObserver(), CancellationToken.None);
            await Eventually.WaitUntilAsync(() => JournalLines.Count(JournalPath, "started") == 1, "the job's id in the journal");

            // The wait's own clock runs out while the job (on the emulator's clock) is still IN_PROGRESS.
            while (!running.IsCompleted)
            {
                waitClock.Advance(TimeSpan.FromSeconds(1));
                await Task.WhenAny(running, Task.Delay(10));
            }

            timedOut = await running;
        }

        timedOut.ExitCode.Should().Be(ExitCodes.WaitTimedOut);
        timedOut.Models.Single().Outcome.Should().Be(ModelOutcome.TimedOut);
        timedOut.Models.Single().Message.Should().Contain("the next apply waits on " + timedOut.Models.Single().DockStatusId)
            .And.MatchRegex("the wait timed out after [0-9]+s;", "a duration is written as a person and --timeout write it, not as 0:00:05.0000123");
        JournalLines.Count(JournalPath, "finished").Should().Be(0);

        emulator.FinishRunningJobs();
        using var reopened = DeploymentJournal.Open(new FileJournalStore(JournalPath, "test", emulator.Host, TimeProvider.System), init: false);
        var plan = Planner.Create(environment, reopened.State, new PlanOptions());
        plan.Models.Single().Action.Should().Be(PlanAction.Resume);
        var resumed = await new ApplyEngine(Client(emulator), reopened, new ApplyOptions(1)).RunAsync(plan, new CountingObserver(), CancellationToken.None);
        resumed.ExitCode.Should().Be(0);
        emulator.DeployPosts.Should().Be(1);
    }

    private ModelDeploymentClient Client(EmulatorFixture emulator) =>
        new(_http, new KoreModelDeployOptions { Host = emulator.Host, ApiKey = emulator.Emulator.ApiKey, Polling = FastPolling });

    private static ResolvedEnvironment Resolve(Uri host, int count) =>
        ManifestResolver.Resolve(ManifestReader.Parse(TestSupport.Manifests.For(host, count)), "test");

    /// <summary>Counts models between their first step and their end, and the most at once.</summary>
    private sealed class CountingObserver : IApplyObserver
    {
        private readonly Lock _gate = new();
        private readonly HashSet<string> _running = [];
        private readonly HashSet<string> _withJob = [];
        private TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Running { get { lock (_gate) { return _running.Count; } } }

        public int RunningWithJob { get { lock (_gate) { return _withJob.Count; } } }

        public int Finished { get; private set; }

        public int MostRunning { get; private set; }

        public Task NextFinish() { lock (_gate) { return _finish.Task; } }

        public void StepStarted(string modelId, PlannedStep step)
        {
            lock (_gate)
            {
                _running.Add(modelId);
                MostRunning = Math.Max(MostRunning, _running.Count);
            }
        }

        public void JobStarted(string modelId, PlannedStep step, string dockStatusId)
        {
            lock (_gate)
            {
                _withJob.Add(modelId);
            }
        }

        public void StatusChanged(string modelId, DockStatus status)
        {
        }

        public void ModelFinished(ModelResult result)
        {
            lock (_gate)
            {
                _running.Remove(result.ModelId);
                _withJob.Remove(result.ModelId);
                Finished++;
                var finished = _finish;
                _finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                finished.SetResult();
            }
        }
    }
}
