using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Tests.Polling;

/// <summary>
/// An operation that overrides only <see cref="DockOperation"/>'s single poll gets the same waits, watches, progress and
/// log events as the client's own operations, and shares one poll in flight among its waits.
/// </summary>
public sealed class ScriptedOperationTests
{
    private const int FirstWaitEvent = 10;
    private const int LastWaitEvent = 13;

    public static TheoryData<string, bool, string[], string> Scripts => new()
    {
        { "runs then succeeds", false, ["QUEUED", "IN_PROGRESS", "IN_PROGRESS", "SUCCESS"], "completed" },
        { "started, then fails", true, ["IN_PROGRESS", "FAILED:image pull failed"], nameof(KoreJobFailedException) },
        { "never ends", false, ["IN_PROGRESS"], nameof(KoreJobTimeoutException) },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task A_wait_on_a_scripted_operation_matches_the_clients_wait_on_the_same_script(string name, bool started, string[] script, string outcome)
    {
        var polling = new DockPollingOptions { Jitter = 0, Timeout = TimeSpan.FromMinutes(2) };

        var real = await RunAsync(script, started, polling, (operation, progress) => operation.WaitForCompletionAsync(polling, progress));
        var scripted = await RunScriptedAsync(script, started, polling, (operation, progress) => operation.WaitForCompletionAsync(polling, progress));

        scripted.Should().BeEquivalentTo(real, o => o.WithStrictOrdering(), name);
        real.Outcome.Should().StartWith(outcome, "the comparison must cover how the wait ended");
        real.Progress.Should().NotBeEmpty();
        real.WaitEvents.Should().NotBeEmpty("the comparison must cover the wait's log events");
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task A_watch_of_a_scripted_operation_matches_the_clients_watch_of_the_same_script(string name, bool started, string[] script, string outcome)
    {
        var polling = new DockPollingOptions { Jitter = 0, Timeout = TimeSpan.FromMinutes(2) };

        var real = await RunAsync(script, started, polling, (operation, progress) => Watch(operation, polling, progress));
        var scripted = await RunScriptedAsync(script, started, polling, (operation, progress) => Watch(operation, polling, progress));

        scripted.Should().BeEquivalentTo(real, o => o.WithStrictOrdering(), name);
        real.Outcome.Should().StartWith(outcome, "the comparison must cover how the wait ended");
        real.Progress.Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_scripted_operation_is_not_held_to_the_poll_budget()
    {
        var clock = new TestClock();
        var fast = new DockPollingOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(10), Multiplier = 1, Jitter = 0 };
        var operation = new ScriptedDockOperation(TestIds.DockStatusId, null, fast, clock, null, S("IN_PROGRESS"), S("IN_PROGRESS"), S("IN_PROGRESS"), S("SUCCESS"));

        await clock.RunAsync(operation.WaitForCompletionAsync());

        operation.FetchTimes.Should().Equal(Enumerable.Range(0, 4).Select(i => TimeSpan.FromMilliseconds(10 * i)), "a resumed operation polls at once, then every 10 ms");
    }

    [Fact]
    public async Task Concurrent_waits_and_a_watch_of_one_operation_share_the_poll_in_flight()
    {
        var clock = new TestClock();
        var operation = new ScriptedDockOperation(TestIds.DockStatusId, null, PollingTestContext.Exact, clock, null, S("IN_PROGRESS"), S("SUCCESS"))
        {
            Latency = TimeSpan.FromSeconds(2),
        };

        var all = Task.WhenAll(
            operation.WaitForCompletionAsync(),
            operation.WaitForCompletionAsync(),
            Watch(operation, null, new SynchronousProgress<DockStatus>(_ => { })));
        await clock.RunAsync(all);

        operation.FetchTimes.Should().Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(7)],
            "all three asked at once while one poll was in flight, and again 5 s after its answer at 2 s");
        operation.LastStatus!.Status.Should().Be(DockJobStatus.Success);
    }

    [Fact]
    public async Task A_wait_whose_shared_poll_was_cancelled_by_the_caller_that_made_it_polls_again()
    {
        var clock = new TestClock();
        var operation = new ScriptedDockOperation(TestIds.DockStatusId, S("IN_PROGRESS"), PollingTestContext.Exact, clock, null, S("SUCCESS"))
        {
            Latency = TimeSpan.FromSeconds(2),
        };
        using var stopFirst = new CancellationTokenSource(TimeSpan.FromSeconds(6), clock);

        var first = operation.WaitForCompletionAsync(stopFirst.Token);
        var second = operation.WaitForCompletionAsync(new DockPollingOptions { Jitter = 0, InitialDelay = TimeSpan.FromSeconds(5.5) });
        await clock.RunAsync(Task.WhenAll(first.ContinueWith(_ => { }, TaskScheduler.Default), second));

        first.IsCanceled.Should().BeTrue();
        (await second).Status.Should().Be(DockJobStatus.Success);
        operation.FetchTimes.Should().Equal(
            [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6)],
            "the second wait joined the first's poll at 5.5 s and made its own when that one was cancelled at 6 s");
    }

    [Fact]
    public async Task An_operation_that_overrides_nothing_says_what_to_override()
    {
        var operation = new BareOperation();

        var act = () => operation.WaitForCompletionAsync();

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("FetchStatusAsync");
    }

    [Fact]
    public async Task The_readmes_operation_of_your_own_waits_through_its_script()
    {
        var clock = new TestClock();
        var operation = new ScriptedOperation(TestIds.DockStatusId, new Queue<DockStatus>([S("IN_PROGRESS"), S("SUCCESS")]), clock);

        var final = await clock.RunAsync(operation.WaitForCompletionAsync());

        final.Status.Should().Be(DockJobStatus.Success);
        clock.Elapsed.Should().BeCloseTo(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), "a resumed operation polls at once, then again after the default initial delay of 5 s ± 20%");
    }

    [Fact]
    public async Task An_operation_whose_poll_answers_null_gets_an_error_naming_the_hook()
    {
        var operation = new NullAnsweringOperation();

        var act = () => operation.WaitForCompletionAsync();

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("NullAnsweringOperation.FetchStatusAsync returned null");
    }

    private static DockStatus S(string status) => ScriptedDockOperation.Status(status);

    private static async Task<Observed> RunAsync(string[] script, bool started, DockPollingOptions polling, Func<DockOperation, IProgress<DockStatus>, Task> follow)
    {
        var context = new PollingTestContext(polling);
        context.Job.JobDuration = null;
        context.Job.Then([.. script.Select(ToStep)]);
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var client = new ModelDeploymentClient(
            new HttpClient(context.Job.CreateHandler()),
            new KoreModelDeployOptions { Host = new Uri("https://kore.example"), ApiKey = PollingTestContext.ApiKey, Polling = polling },
            factory,
            context.Clock);
        var operation = started
            ? await client.StartDeployAsync(TestIds.ModelId, ModelType.OpenSource, PollingTestContext.Request)
            : client.GetDockOperation(TestIds.DockStatusId);

        return await ObserveAsync(context.Clock, operation, logs, follow, () => context.Job.StatusPollTimes.Select(t => t - context.Clock.Start).ToList(), () => context.Job.IsBusy);
    }

    private static async Task<Observed> RunScriptedAsync(string[] script, bool started, DockPollingOptions polling, Func<DockOperation, IProgress<DockStatus>, Task> follow)
    {
        var clock = new TestClock();
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var operation = new ScriptedDockOperation(
            TestIds.DockStatusId,
            started ? S("IN_PROGRESS") : null,
            polling,
            clock,
            factory.CreateLogger("KoreModelDeploy"),
            [.. script.Select(ToStatus)]);

        return await ObserveAsync(clock, operation, logs, follow, () => operation.FetchTimes.ToList(), null);
    }

    private static async Task<Observed> ObserveAsync(TestClock clock, DockOperation operation, CapturingLoggerProvider logs, Func<DockOperation, IProgress<DockStatus>, Task> follow, Func<List<TimeSpan>> polls, Func<bool>? isBusy)
    {
        var progress = new List<string>();
        var run = follow(operation, new SynchronousProgress<DockStatus>(s => progress.Add(Describe(s))));
        string outcome;
        try
        {
            // The clock only runs the task; awaiting it is what observes how it ended, failures included.
            await clock.RunAsync(run, isBusy);
            await run;
            outcome = "completed";
        }
        catch (Exception ex) when (ex is KoreJobFailedException or KoreJobTimeoutException)
        {
            outcome = ex.GetType().Name + ": " + ex.Message;
        }

        var waitEvents = logs.Entries
            .Where(e => e.EventId.Id is >= FirstWaitEvent and <= LastWaitEvent)
            .Select(e => $"{e.EventId.Id} {e.Level} {e.Message}")
            .ToList();
        return new Observed(outcome, progress, polls(), waitEvents, operation.LastStatus is { } last ? Describe(last) : null, operation.HasCompleted);
    }

    private static async Task Watch(DockOperation operation, DockPollingOptions? polling, IProgress<DockStatus> seen)
    {
        await foreach (var status in operation.WatchAsync(polling))
        {
            seen.Report(status);
        }
    }

    private static string Describe(DockStatus status) => status.Status + (status.Message is { } message ? " " + message : string.Empty);

    private static Func<HttpRequestMessage, Task<HttpResponseMessage>> ToStep(string entry) =>
        entry.Split(':', 2) is [var status, var message] ? ScriptedJob.Status(status, message) : ScriptedJob.Status(entry);

    private static DockStatus ToStatus(string entry) =>
        entry.Split(':', 2) is [var status, var message] ? ScriptedDockOperation.Status(status, message) : ScriptedDockOperation.Status(entry);

    private sealed record Observed(string Outcome, List<string> Progress, List<TimeSpan> Polls, List<string> WaitEvents, string? LastStatus, bool HasCompleted);

    /// <summary>A subclass that overrides nothing, as a half-written implementation would be.</summary>
    private sealed class BareOperation() : DockOperation(TestIds.DockStatusId, null);

    private sealed class NullAnsweringOperation() : DockOperation(TestIds.DockStatusId, null)
    {
        protected override ValueTask<DockStatus> FetchStatusAsync(CancellationToken cancellationToken) => new((DockStatus)null!);
    }
}

// <snippet:scripted-operation>
sealed class ScriptedOperation(string id, Queue<DockStatus> script, TimeProvider clock)
    : DockOperation(id, firstStatus: null, polling: null, clock)
{
    protected override ValueTask<DockStatus> FetchStatusAsync(CancellationToken cancellationToken) =>
        new(script.Count > 1 ? script.Dequeue() : script.Peek());
}
// </snippet:scripted-operation>
