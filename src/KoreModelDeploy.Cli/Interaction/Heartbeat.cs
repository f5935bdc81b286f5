using KoreModelDeploy.Cli.Hosting;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>
/// Calls back when nothing has been said for the host's heartbeat interval, so a CI log shows the tool is alive; each
/// line said restarts the interval.
/// </summary>
internal sealed class Heartbeat : IDisposable
{
    private readonly TimeSpan _interval;
    private readonly ITimer _timer;

    public Heartbeat(CliHost host, Action beat)
    {
        _interval = host.HeartbeatInterval;
        _timer = host.TimeProvider.CreateTimer(_ => beat(), null, _interval, _interval);
    }

    /// <summary>Something was said: the next beat is a whole interval away.</summary>
    public void Restart() => _timer.Change(_interval, _interval);

    public void Dispose() => _timer.Dispose();
}
