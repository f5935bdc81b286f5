using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Tests.Polling;

/// <summary>
/// An operation written the way a custom <see cref="IModelDeploymentClient"/> or a test double would write one: only
/// <see cref="FetchStatusAsync"/> is overridden, answering from a list of statuses (the last one repeats).
/// </summary>
internal sealed class ScriptedDockOperation : DockOperation
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _fetchTimes = [];
    private readonly TimeProvider _clock;
    private readonly DockStatus[] _script;
    private readonly DateTimeOffset _created;
    private int _next;

    public ScriptedDockOperation(string dockStatusId, DockStatus? firstStatus, DockPollingOptions polling, TimeProvider clock, ILogger? logger, params DockStatus[] script)
        : base(dockStatusId, firstStatus, polling, clock, logger)
    {
        _clock = clock;
        _script = script;
        _created = clock.GetUtcNow();
    }

    /// <summary>How long each fetch takes on the clock, to keep a poll in flight while others ask.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>When each fetch started, from the operation's creation.</summary>
    public IReadOnlyList<TimeSpan> FetchTimes
    {
        get
        {
            lock (_gate)
            {
                return _fetchTimes.ToArray();
            }
        }
    }

    public static DockStatus Status(string status, string? message = null) =>
        KoreModelFactory.DockStatus(TestIds.DockStatusId, new DockJobStatus(status), TestIds.ModelId, message: message);

    protected override async ValueTask<DockStatus> FetchStatusAsync(CancellationToken cancellationToken)
    {
        DockStatus answer;
        lock (_gate)
        {
            _fetchTimes.Add(_clock.GetUtcNow() - _created);
            answer = _script[Math.Min(_next++, _script.Length - 1)];
        }

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, _clock, cancellationToken);
        }

        return answer;
    }
}
