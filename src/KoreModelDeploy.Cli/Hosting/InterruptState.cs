namespace KoreModelDeploy.Cli.Hosting;

/// <summary>
/// Tracks the calls that start jobs while they are on the wire, so that a second Ctrl+C, which ends the process at
/// once, can say whether jobs may have been started behind the user's back, and where their intents are recorded.
/// </summary>
internal sealed class InterruptState
{
    private int _inFlight;
    private string? _callInFlight;
    private string? _journal;

    /// <summary>Marks a job-starting call as sent until the returned scope is disposed.</summary>
    /// <param name="description">The call, as the message names it (<c>deploy</c>).</param>
    /// <param name="journal">The journal that holds the call's intent, for <c>apply</c>.</param>
    public IDisposable BeginJobStartingCall(string description, string? journal = null)
    {
        Volatile.Write(ref _callInFlight, description);
        if (journal is not null)
        {
            Volatile.Write(ref _journal, journal);
        }

        Interlocked.Increment(ref _inFlight);
        return new Scope(this);
    }

    /// <summary>What to print when the process is ended at once.</summary>
    public string ImmediateExitMessage
    {
        get
        {
            var count = Volatile.Read(ref _inFlight);
            if (count == 0)
            {
                return "stopped at once";
            }

            if (Volatile.Read(ref _journal) is { } journal)
            {
                var calls = count == 1 ? "a call that starts a job was" : $"{count} calls that start jobs were";
                return $"stopped at once while {calls} in flight: jobs may have started. Journal {journal} has each one's intent, "
                    + "so the next apply reports those models unknown and sends nothing for them until you check the platform's console and run apply with --resolve";
            }

            return $"stopped at once while the {Volatile.Read(ref _callInFlight)} call was in flight: the job may have started; check the platform before sending it again";
        }
    }

    private sealed class Scope(InterruptState owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._inFlight);
            }
        }
    }
}
