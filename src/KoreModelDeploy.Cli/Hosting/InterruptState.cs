namespace KoreModelDeploy.Cli.Hosting;

/// <summary>
/// Tracks whether a call that starts a job is on the wire, so that a second Ctrl+C, which ends the process at once,
/// can say whether a job may have been started behind the user's back.
/// </summary>
internal sealed class InterruptState
{
    private string? _callInFlight;

    /// <summary>Marks a job-starting call as sent until the returned scope is disposed.</summary>
    public IDisposable BeginJobStartingCall(string description)
    {
        Volatile.Write(ref _callInFlight, description);
        return new Scope(this);
    }

    /// <summary>What to print when the process is ended at once.</summary>
    public string ImmediateExitMessage =>
        Volatile.Read(ref _callInFlight) is { } call
            ? $"stopped at once while the {call} call was in flight: the job may have started; check the platform before sending it again"
            : "stopped at once";

    private sealed class Scope(InterruptState owner) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref owner._callInFlight, null);
    }
}
