namespace KoreModelDeploy.Cli.Hosting;

/// <summary>
/// Whether stdout or stderr has refused a write (a full disk, <c>/dev/full</c>, a closed pipe), and a token that is
/// cancelled the moment one does. The run then ends as Ctrl+C ends it: no new call that starts a job, calls in flight
/// finish and are journaled, and the tool exits <see cref="ExitCodes.OutputFailed"/>.
/// </summary>
internal sealed class OutputFailure : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private string? _description;

    /// <summary>Cancelled when a standard stream first fails.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>What failed first, for example <c>stdout cannot be written (No space left on device)</c>; <see langword="null"/> while none has.</summary>
    public string? Description => Volatile.Read(ref _description);

    /// <summary>Records a failed write; only the first one is kept.</summary>
    public void Report(string stream, Exception exception)
    {
        if (Interlocked.CompareExchange(ref _description, $"{stream} cannot be written ({exception.Message})", null) is null)
        {
            // Not on this thread: the writer that failed may hold a lock that a cancellation callback would take to
            // print its own line.
            _ = _stop.CancelAsync();
        }
    }

    public void Dispose() => _stop.Dispose();
}
