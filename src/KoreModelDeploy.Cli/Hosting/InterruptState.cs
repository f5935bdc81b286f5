namespace KoreModelDeploy.Cli.Hosting;

/// <summary>
/// Tracks the calls that start a job while they are on the wire, so that a second Ctrl+C, which ends the process at
/// once, can say whether jobs may have been started behind the user's back, and, for apply, where they are recorded.
/// </summary>
internal sealed class InterruptState
{
    private readonly Lock _lock = new();
    private readonly List<Call> _calls = [];

    /// <summary>
    /// Marks a job-starting call as sent until the returned scope is disposed. <paramref name="journaled"/>: apply wrote
    /// its intent to the journal first.
    /// </summary>
    public IDisposable BeginJobStartingCall(string description, bool journaled = false)
    {
        var call = new Call(this, description, journaled);
        lock (_lock)
        {
            _calls.Add(call);
        }

        return call;
    }

    /// <summary>What to print when the process is ended at once.</summary>
    public string ImmediateExitMessage
    {
        get
        {
            List<Call> calls;
            lock (_lock)
            {
                calls = [.. _calls];
            }

            if (calls.Count == 0)
            {
                return "stopped at once";
            }

            if (!calls.Exists(c => c.Journaled))
            {
                return $"stopped at once while the {calls[0].Description} call was in flight: the job may have started; check the platform before sending it again";
            }

            var which = string.Join(", ", calls.Select(c => c.Description));
            return $"stopped at once while {calls.Count} {(calls.Count == 1 ? "call that starts a job was" : "calls that start jobs were")} in flight ({which}): "
                + "jobs may have started. The journal holds each one's intent, so the next apply plans those models as unknown: "
                + "check the platform, then settle each with --resolve MODEL=started:DOCK_STATUS_ID or --resolve MODEL=not-started";
        }
    }

    private sealed class Call(InterruptState owner, string description, bool journaled) : IDisposable
    {
        public string Description { get; } = description;

        public bool Journaled { get; } = journaled;

        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._calls.Remove(this);
            }
        }
    }
}
