using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Manifests;
using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>
/// The apply engine when its journal's lock is lost (<see cref="DeploymentJournal.Lost"/>): against an emulator whose
/// jobs end only when the test moves its clock, and a journal in memory whose lock the test takes away.
/// </summary>
public sealed class ApplyEngineLockLossTests : IDisposable
{
    private static readonly DockPollingOptions FastPolling = new() { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromMinutes(1) };
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task When_the_lock_is_lost_before_a_deploy_nothing_is_sent_or_recorded_and_apply_exits_7()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var store = new LosableJournalStore("test", emulator.Host);
        using var journal = DeploymentJournal.Open(store, init: false);
        var plan = Planner.Create(Resolve(emulator.Host, 2), journal.State, new PlanOptions());
        await store.LoseAsync();

        var report = await new ApplyEngine(Client(emulator), journal, new ApplyOptions(2)).RunAsync(plan, new NullObserver(), CancellationToken.None);

        report.ExitCode.Should().Be(ExitCodes.Configuration);
        report.Models.Should().HaveCount(2).And.OnlyContain(m => m.Outcome == ModelOutcome.JournalError);
        report.Models.Should().OnlyContain(m => m.Message!.Contains($"the lock on journal {store.Location} was lost", StringComparison.Ordinal)
            && m.Message.Contains("the next apply plans", StringComparison.Ordinal));
        emulator.DeployPosts.Should().Be(0, "no step starts once the lock is lost");
        store.Events.Should().BeEmpty("not even an intent is recorded without the lock");
    }

    [Fact]
    public async Task When_the_lock_is_lost_mid_wait_the_wait_ends_the_job_is_reported_unknown_and_nothing_more_starts()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var store = new LosableJournalStore("test", emulator.Host);
        using var journal = DeploymentJournal.Open(store, init: false);
        var plan = Planner.Create(Resolve(emulator.Host, 2), journal.State, new PlanOptions());
        var engine = new ApplyEngine(Client(emulator), journal, new ApplyOptions(1));

        var running = engine.RunAsync(plan, new NullObserver(), CancellationToken.None);
        await Eventually.WaitUntilAsync(() => store.Events.Count == 2 && emulator.Emulator.GetRequestCount(EmulatorEndpoint.DockStatus) > 0, "the first model's job to be recorded and polled");
        await store.LoseAsync();

        // The job runs for an hour of the emulator's clock, which stands still: only the loss can end the wait.
        var report = await Eventually.Within(running);

        report.ExitCode.Should().Be(ExitCodes.UnknownState);
        var waited = report.Models[0];
        waited.Outcome.Should().Be(ModelOutcome.Unknown);
        waited.DockStatusId.Should().NotBeNullOrEmpty();
        waited.Message.Should().Contain($"the lock on journal {store.Location} was lost").And.Contain($"job {waited.DockStatusId} goes on, and the next apply waits on it");
        report.Models[1].Outcome.Should().Be(ModelOutcome.JournalError, "the second model was not started");
        emulator.DeployPosts.Should().Be(1);
        store.Events.Should().HaveCount(2);
        store.Events[0].Should().BeOfType<JournalEvent.Intent>();
        store.Events[1].Should().BeOfType<JournalEvent.Started>().Which.DockStatusId.Should().Be(waited.DockStatusId);
        Planner.Create(Resolve(emulator.Host, 2), JournalState.From(store.Events), new PlanOptions()).Models[0].Action
            .Should().Be(PlanAction.Resume, "the next apply waits on the recorded job instead of deploying again");
    }

    [Fact]
    public async Task A_lock_lost_when_nothing_was_left_to_do_is_not_a_failure()
    {
        await using var emulator = await EmulatorFixture.StartAsync(o => o.JobDuration = TimeSpan.Zero);
        using var store = new LosableJournalStore("test", emulator.Host);
        var environment = Resolve(emulator.Host, 2);
        using var journal = DeploymentJournal.Open(store, init: false);
        var engine = new ApplyEngine(Client(emulator), journal, new ApplyOptions(2));
        var first = await engine.RunAsync(Planner.Create(environment, journal.State, new PlanOptions()), new NullObserver(), CancellationToken.None);
        first.ExitCode.Should().Be(0);

        await store.LoseAsync();
        var afterEverythingFinished = await engine.RunAsync(Planner.Create(environment, journal.State, new PlanOptions()), new NullObserver(), CancellationToken.None);

        afterEverythingFinished.ExitCode.Should().Be(0);
        afterEverythingFinished.Models.Should().OnlyContain(m => m.Outcome == ModelOutcome.Unchanged);
        emulator.DeployPosts.Should().Be(2);
    }

    private ModelDeploymentClient Client(EmulatorFixture emulator) =>
        new(_http, new KoreModelDeployOptions { Host = emulator.Host, ApiKey = emulator.Emulator.ApiKey, Polling = FastPolling });

    private static ResolvedEnvironment Resolve(Uri host, int count) =>
        ManifestResolver.Resolve(ManifestReader.Parse(TestSupport.Manifests.For(host, count)), "test");

    private sealed class NullObserver : IApplyObserver
    {
        public void StepStarted(string modelId, PlannedStep step)
        {
        }

        public void JobStarted(string modelId, PlannedStep step, string dockStatusId)
        {
        }

        public void StatusChanged(string modelId, DockStatus status)
        {
        }

        public void ModelFinished(ModelResult result)
        {
        }
    }
}
