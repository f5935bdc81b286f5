using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>
/// Progress for logs and pipelines: a line per status change with the elapsed time, and a heartbeat line when nothing
/// has changed for a while, so a CI log shows the tool is alive. No escape codes.
/// </summary>
/// <remarks>
/// Every status reported is a change: the SDK's wait reports a job's first status and then only statuses that differ
/// from the last one it reported, so nothing is filtered here.
/// </remarks>
internal sealed class PlainJobProgress : IProgress<DockStatus>, IDisposable
{
    private readonly IStderrLines _lines;
    private readonly CliHost _host;
    private readonly string _prefix;
    private readonly long _startedAt;
    private readonly Heartbeat _heartbeat;
    private DockJobStatus? _last;

    public PlainJobProgress(IStderrLines lines, CliHost host, string action, string subject)
    {
        _lines = lines;
        _host = host;
        _prefix = $"{action} {subject}";
        _startedAt = host.TimeProvider.GetTimestamp();
        _heartbeat = new Heartbeat(host, Beat);
    }

    public void Report(DockStatus value)
    {
        _last = value.Status;
        _heartbeat.Restart();
        var line = $"{_prefix}: {value.Status} ({Elapsed()})";
        _lines.WriteLine(string.IsNullOrEmpty(value.Message) ? line : $"{line}: {value.Message}");
    }

    public void Dispose() => _heartbeat.Dispose();

    private void Beat() =>
        _lines.WriteLine($"{_prefix}: still {(_last is { } last ? last.ToString() : "waiting")} after {Elapsed()}");

    private string Elapsed() => ElapsedText.Format(_host.TimeProvider.GetElapsedTime(_startedAt));
}
