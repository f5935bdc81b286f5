namespace KoreModelDeploy.Emulator.Jobs;

/// <summary>
/// Holds every job and the set of deployed models. Jobs are settled lazily against the
/// <see cref="TimeProvider"/> on every read, so a fake clock alone decides when a job finishes:
/// no timers, no background work, nothing that races with a test advancing time.
/// </summary>
internal sealed class JobStore(TimeProvider timeProvider, TimeSpan jobDuration, JobOutcomePlanner planner)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DockJob> _jobs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deployedModels = new(StringComparer.Ordinal);
    // The sequence number keeps jobs due at the same instant in start order (a redeploy then an undeploy must settle in that order).
    private readonly PriorityQueue<DockJob, (DateTimeOffset DueAt, long Sequence)> _pending = new();
    private long _sequence;

    public JobSnapshot StartDeploy(string modelId)
    {
        lock (_gate)
        {
            SettleDueJobs();
            return Start(modelId, JobAction.Deploy, planner.Plan(modelId, JobAction.Deploy)).ToSnapshot();
        }
    }

    /// <summary>Starts an undeploy job, or returns null when the model is not deployed.</summary>
    /// <remarks>The plan is asked for only once the model is known to be deployed, so a rejected call never consumes a scripted job fault.</remarks>
    public JobSnapshot? TryStartUndeploy(string modelId)
    {
        lock (_gate)
        {
            SettleDueJobs();
            return _deployedModels.Contains(modelId)
                ? Start(modelId, JobAction.Undeploy, planner.Plan(modelId, JobAction.Undeploy)).ToSnapshot()
                : null;
        }
    }

    public JobSnapshot? Find(string dockStatusId)
    {
        lock (_gate)
        {
            SettleDueJobs();
            return _jobs.TryGetValue(dockStatusId, out var job) ? job.ToSnapshot() : null;
        }
    }

    public IReadOnlyList<string> DeployedModelIds()
    {
        lock (_gate)
        {
            SettleDueJobs();
            return [.. _deployedModels.Order(StringComparer.Ordinal)];
        }
    }

    private DockJob Start(string modelId, JobAction action, JobPlan plan)
    {
        var job = new DockJob("ds-" + Guid.NewGuid().ToString("D"), modelId, action, plan);
        _jobs.Add(job.Id, job);
        if (!plan.NeverCompletes)
        {
            _pending.Enqueue(job, (timeProvider.GetUtcNow() + jobDuration, _sequence++));
        }

        return job;
    }

    private void SettleDueJobs()
    {
        var now = timeProvider.GetUtcNow();
        while (_pending.TryPeek(out var job, out var priority) && priority.DueAt <= now)
        {
            _pending.Dequeue();
            Finish(job);
        }
    }

    private void Finish(DockJob job)
    {
        if (job.Plan.FailureMessage is not null)
        {
            job.State = JobState.Failed;
            return;
        }

        job.State = JobState.Success;
        if (job.Action == JobAction.Deploy)
        {
            _deployedModels.Add(job.ModelId);
        }
        else
        {
            _deployedModels.Remove(job.ModelId);
        }
    }
}
