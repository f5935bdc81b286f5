namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// Runs a synchronous call that blocks while it waits (a journal store waiting for another run's lock) on a thread of
/// its own, never on a thread-pool thread. The stores wait synchronously, as the tool does; in a test host whose pool is
/// small and grows slowly (eng/stress-tests.sh caps it at four workers) a pool thread held for the whole wait left the
/// holder's own calls with no thread to finish on, and the test stopped for good (seen in
/// <c>AzureBlobJournalStoreTests</c>: the holder's release was an HTTP call that never completed).
/// </summary>
internal static class OwnThread
{
    public static Task<T> Run<T>(Func<T> call) =>
        Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
