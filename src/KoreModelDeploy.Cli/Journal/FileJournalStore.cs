using KoreModelDeploy.CommandLine;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>A journal in a local file, one JSON line per event (<see cref="JournalFile"/>): the default store.</summary>
/// <param name="path">The journal's path.</param>
/// <param name="environment">The environment it belongs to.</param>
/// <param name="host">The host its jobs run on.</param>
/// <param name="time">The clock that stamps each line and paces a wait for the lock.</param>
/// <param name="writes">Wraps the stream lines are written through; tests put a failing disk there.</param>
/// <param name="wait">How long to wait for another apply holding the journal (<c>--lock-timeout</c>); <see langword="null"/> to be refused at once.</param>
/// <param name="holder">This run, as a refused one is told (<see cref="LockFileHolder"/>); by default this process, with the environment's CI run.</param>
internal sealed class FileJournalStore(string path, string environment, Uri host, TimeProvider time, Func<Stream, Stream>? writes = null, LockWait? wait = null, JournalHolder? holder = null) : IJournalStore
{
    /// <summary>
    /// How often a waiting apply tries the lock again: <c>flock</c> offers no wait with a limit, and a waiting process
    /// that blocked in the kernel could not say every 30 s whom it waits for.
    /// </summary>
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(250);

    private readonly JournalHolder _holder = holder ?? JournalHolder.Current(path, System.Environment.GetEnvironmentVariable, time);

    /// <inheritdoc/>
    public string Location => path;

    /// <inheritdoc/>
    public JournalContents? Read() => JournalFile.Read(path, environment, host);

    /// <inheritdoc/>
    public IJournalSession Open(bool init, bool rebinding = false)
    {
        if (wait is null)
        {
            return JournalFile.OpenForApply(path, environment, host, init, time, writes, rebinding, _holder);
        }

        var deadline = time.GetUtcNow() + wait.Timeout;
        var nextReport = time.GetUtcNow();
        while (true)
        {
            try
            {
                return JournalFile.OpenForApply(path, environment, host, init, time, writes, rebinding, _holder);
            }
            catch (JournalException held) when (held.LockHeld)
            {
                var now = time.GetUtcNow();
                if (now >= deadline)
                {
                    throw LegacyLock.Held(path, held.HeldBy ?? LockFileHolder.Unnamed, $"It still held it after --lock-timeout {DurationText.Format(wait.Timeout)}.", held);
                }

                if (now >= nextReport)
                {
                    wait.Report($"waiting for journal {path}, held by {held.HeldBy ?? LockFileHolder.Unnamed}; giving up in {DurationText.Format(TimeSpan.FromSeconds(Math.Ceiling((deadline - now).TotalSeconds)))}");
                    nextReport = now + LockWait.ReportEvery;
                }

                var left = deadline - now;
                Task.Delay(left < RetryEvery ? left : RetryEvery, time).GetAwaiter().GetResult();
            }
        }
    }
}
