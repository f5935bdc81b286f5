using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Polling;

/// <summary>
/// Every task an operation starts on its own (the wait behind a watch, a poll shared among waits) has its failure
/// observed, even when every caller has stopped listening: nothing surfaces later as an unobserved task exception.
/// </summary>
/// <remarks>
/// The unobserved-exception event is process-wide, so each test counts only exceptions that name its own dock job id.
/// </remarks>
public sealed class UnobservedFailureTests
{
    [Fact]
    public async Task A_watch_dropped_without_disposal_whose_wait_then_fails_leaves_nothing_unobserved()
    {
        var clock = new TestClock();
        var id = UniqueId();
        var failedFetched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var operation = new GatedOperation(id, clock, (call, _) =>
        {
            if (call == 1)
            {
                return Task.FromResult(Status(id, "IN_PROGRESS"));
            }

            failedFetched.TrySetResult();
            return Task.FromResult(Status(id, "FAILED"));
        });
        using var unobserved = new UnobservedRecorder(id);

        (await TakeFirstAndDropAsync(operation)).Status.Should().Be(DockJobStatus.InProgress);
        await clock.RunAsync(failedFetched.Task);
        await unobserved.CollectAsync();

        operation.LastStatus!.Status.Should().Be(DockJobStatus.Failed, "the dropped watch's wait went on to the job's end");
        unobserved.Seen.Should().BeEmpty("the wait behind the watch failed with KoreJobFailedException, which the operation observes");
    }

    [Fact]
    public async Task A_shared_poll_that_fails_after_every_caller_stopped_waiting_leaves_nothing_unobserved()
    {
        var clock = new TestClock();
        var id = UniqueId();
        var answer = new TaskCompletionSource<DockStatus>(TaskCreationOptions.RunContinuationsAsynchronously);

        // A poll that ignores cancellation, as a hand-written FetchStatusAsync may: it fails after both waits stopped.
        var operation = new GatedOperation(id, clock, (_, _) => answer.Task);
        using var unobserved = new UnobservedRecorder(id);
        using var stopStarter = new CancellationTokenSource();
        using var stopJoiner = new CancellationTokenSource();

        var starter = operation.WaitForCompletionAsync(stopStarter.Token);
        var joiner = operation.WaitForCompletionAsync(stopJoiner.Token);
        stopJoiner.Cancel();
        stopStarter.Cancel();
        await joiner.Awaiting(t => t).Should().ThrowAsync<OperationCanceledException>();
        answer.SetException(new InvalidOperationException("the poll of " + id + " failed"));
        await starter.Awaiting(t => t).Should().ThrowAsync<Exception>();
        await unobserved.CollectAsync();

        operation.FetchCount.Should().Be(1, "the second wait joined the first one's poll");
        unobserved.Seen.Should().BeEmpty("the shared poll's failure is observed by the operation that made it");
    }

    // Kept out of line so that nothing on the test's stack still references the enumerator when the collector runs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<DockStatus> TakeFirstAndDropAsync(DockOperation operation)
    {
        var watch = operation.WatchAsync(PollingTestContext.Exact).GetAsyncEnumerator();
        (await watch.MoveNextAsync()).Should().BeTrue();
        return watch.Current;
    }

    private static string UniqueId() => "ds-unobserved-" + Guid.NewGuid().ToString("N");

    private static DockStatus Status(string id, string status) =>
        KoreModelFactory.DockStatus(id, new DockJobStatus(status), TestIds.ModelId, message: status == "FAILED" ? "scripted failure" : null);

    /// <summary>An operation whose single poll is whatever the test hands it, by call number.</summary>
    private sealed class GatedOperation(string id, TimeProvider clock, Func<int, CancellationToken, Task<DockStatus>> fetch)
        : DockOperation(id, firstStatus: null, PollingTestContext.Exact, clock)
    {
        private int _calls;

        public int FetchCount => Volatile.Read(ref _calls);

        protected override ValueTask<DockStatus> FetchStatusAsync(CancellationToken cancellationToken) =>
            new(fetch(Interlocked.Increment(ref _calls), cancellationToken));
    }

    /// <summary>Records unobserved task exceptions that mention one dock job id.</summary>
    private sealed class UnobservedRecorder : IDisposable
    {
        private readonly string _id;
        private readonly ConcurrentQueue<Exception> _seen = new();

        public UnobservedRecorder(string id)
        {
            _id = id;
            TaskScheduler.UnobservedTaskException += OnUnobserved;
        }

        public IReadOnlyCollection<Exception> Seen => _seen.ToArray();

        /// <summary>Collects until an exception of this id surfaces, or for a bounded number of rounds when none does.</summary>
        public async Task CollectAsync()
        {
            // The failed task becomes garbage only once its last continuation has run on the thread pool.
            for (var round = 0; round < 20 && _seen.IsEmpty; round++)
            {
                await Task.Delay(10);
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }

        public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

        private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.ToString().Contains(_id, StringComparison.Ordinal))
            {
                _seen.Enqueue(e.Exception);
            }
        }
    }
}
