using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>
/// Progress for logs and pipelines: a line per status change with the elapsed time, and a heartbeat line when nothing
/// has changed for a while, so a CI log shows the tool is alive. No escape codes.
/// </summary>
internal sealed class PlainJobProgress : IProgress<DockStatus>, IDisposable
{
    private readonly ConsoleInteractionService _output;
    private readonly CliHost _host;
    private readonly string _prefix;
    private readonly long _started;
    private readonly ITimer _heartbeat;
    private DockJobStatus? _last;

    public PlainJobProgress(ConsoleInteractionService output, CliHost host, string action, string subject)
    {
        _output = output;
        _host = host;
        _prefix = $"{action} {subject}";
        _started = host.TimeProvider.GetTimestamp();
        _heartbeat = host.TimeProvider.CreateTimer(_ => Heartbeat(), null, host.HeartbeatInterval, host.HeartbeatInterval);
    }

    public void Report(DockStatus value)
    {
        if (_last == value.Status)
        {
            return;
        }

        _last = value.Status;
        _heartbeat.Change(_host.HeartbeatInterval, _host.HeartbeatInterval);
        var line = $"{_prefix}: {value.Status} ({Elapsed()})";
        _output.WriteError(string.IsNullOrEmpty(value.Message) ? line : $"{line}: {value.Message}", null);
    }

    public void Dispose() => _heartbeat.Dispose();

    private void Heartbeat() =>
        _output.WriteError($"{_prefix}: still {(_last is { } last ? last.ToString() : "waiting")} after {Elapsed()}", null);

    private string Elapsed() => ElapsedText.Format(_host.TimeProvider.GetElapsedTime(_started));
}
