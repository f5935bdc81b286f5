using KoreModelDeploy.Emulator.Jobs;

namespace KoreModelDeploy.Emulator;

/// <summary>
/// Scripts misbehaviour at run time. Everything queued here is consumed in order, once, by the next
/// matching request or job, so a test states exactly which call fails.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly Lock _gate = new();
    private readonly Queue<JobPlan> _jobFaults = new();
    private readonly List<QueuedFault> _requestFaults = [];
    private int _appliedRequestFaults;

    internal EmulatorFaults()
    {
    }

    /// <summary>
    /// How many requests a queued request fault has been applied to so far. A request counts once its fault is in
    /// effect: for a slow response, once its wait on the emulator's clock has begun.
    /// </summary>
    /// <remarks>
    /// A test waits for this count instead of for time: after it, advancing a fake clock ends the slow response's wait,
    /// and a client that gives up no longer leaves the fault queued for the next request.
    /// </remarks>
    public int AppliedRequestFaultCount => Volatile.Read(ref _appliedRequestFaults);

    /// <summary>Makes the next job started (deploy or undeploy) end <c>FAILED</c> with <paramref name="message"/> in its dock status.</summary>
    /// <param name="message">The failure message the dock status reports.</param>
    public void FailNextJob(string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        lock (_gate)
        {
            _jobFaults.Enqueue(JobPlan.Fails(message));
        }
    }

    /// <summary>Makes the next job started (deploy or undeploy) stay <c>IN_PROGRESS</c> forever, for client timeout tests.</summary>
    public void NeverCompleteNextJob()
    {
        lock (_gate)
        {
            _jobFaults.Enqueue(JobPlan.Hangs);
        }
    }

    /// <summary>Applies <paramref name="fault"/> to the next <paramref name="count"/> requests to <paramref name="endpoint"/>.</summary>
    /// <param name="fault">The misbehaviour, from one of <see cref="EmulatorFault"/>'s factories.</param>
    /// <param name="endpoint">Which requests it applies to; <see cref="EmulatorEndpoint.Any"/> matches every endpoint.</param>
    /// <param name="count">How many requests it applies to; at least 1.</param>
    /// <remarks>When several queued faults match a request, the one queued first applies.</remarks>
    public void Enqueue(EmulatorFault fault, EmulatorEndpoint endpoint = EmulatorEndpoint.Any, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!Enum.IsDefined(endpoint))
        {
            throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Unknown endpoint.");
        }

        lock (_gate)
        {
            _requestFaults.Add(new QueuedFault(fault, endpoint, count));
        }
    }

    /// <summary>Drops every queued request fault and job fault that has not been consumed yet.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _jobFaults.Clear();
            _requestFaults.Clear();
        }
    }

    internal JobPlan? TakeJobFault()
    {
        lock (_gate)
        {
            return _jobFaults.TryDequeue(out var plan) ? plan : null;
        }
    }

    internal EmulatorFault? TakeRequestFault(EmulatorEndpoint endpoint)
    {
        lock (_gate)
        {
            var index = _requestFaults.FindIndex(queued => queued.Endpoint == EmulatorEndpoint.Any || queued.Endpoint == endpoint);
            if (index < 0)
            {
                return null;
            }

            var queued = _requestFaults[index];
            queued.Remaining--;
            if (queued.Remaining == 0)
            {
                _requestFaults.RemoveAt(index);
            }

            return queued.Fault;
        }
    }

    /// <summary>Counts one request whose fault is now in effect (see <see cref="AppliedRequestFaultCount"/>).</summary>
    internal void CountApplied() => Interlocked.Increment(ref _appliedRequestFaults);

    private sealed class QueuedFault(EmulatorFault fault, EmulatorEndpoint endpoint, int remaining)
    {
        public EmulatorFault Fault { get; } = fault;

        public EmulatorEndpoint Endpoint { get; } = endpoint;

        public int Remaining { get; set; } = remaining;
    }
}
