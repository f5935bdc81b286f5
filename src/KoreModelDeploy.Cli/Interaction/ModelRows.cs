using System.Collections.Concurrent;
using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>Where every model of an apply stands, row by row, for the live table and the plain heartbeat.</summary>
internal sealed class ModelRows
{
    private readonly CliHost _host;
    private readonly ConcurrentDictionary<string, Row> _rows = new(StringComparer.Ordinal);

    public ModelRows(CliHost host, IReadOnlyList<string> modelIds)
    {
        _host = host;
        Order = modelIds;
        StartedAt = host.TimeProvider.GetTimestamp();
        foreach (var id in modelIds)
        {
            _rows[id] = new Row("waiting", null, null, null, null);
        }
    }

    public IReadOnlyList<string> Order { get; }

    /// <summary>When the apply began, as a timestamp of the host's clock.</summary>
    public long StartedAt { get; }

    public Row this[string modelId] => _rows.GetValueOrDefault(modelId) ?? new Row("waiting", null, null, null, null);

    /// <summary>Models that ended on their own (SUCCESS, FAILED, unchanged…); a model Ctrl+C stopped is not done.</summary>
    public int Done => _rows.Values.Count(r => r.Outcome is not null && !r.Stopped);

    /// <summary>Models Ctrl+C stopped, in their wait or before they began.</summary>
    public int Stopped => _rows.Values.Count(r => r.Stopped);

    /// <summary>Where the apply stands: "2 of 3 done", and how many were stopped when any was.</summary>
    public string Progress => $"{Done} of {Order.Count} done" + (Stopped > 0 ? $", {Stopped} stopped" : string.Empty);

    public string Elapsed(long since) => ElapsedText.Format(_host.TimeProvider.GetElapsedTime(since));

    public void StartStep(string modelId, PlannedStep step) =>
        _rows.AddOrUpdate(modelId, _ => new Row(step.ToString(), null, null, _host.TimeProvider.GetTimestamp(), null), (_, r) => r with { Step = step.ToString(), DockStatusId = null, Status = null, StepStartedAt = _host.TimeProvider.GetTimestamp() });

    public void SetJob(string modelId, string dockStatusId) => _rows.AddOrUpdate(modelId, _ => new Row("?", dockStatusId, null, null, null), (_, r) => r with { DockStatusId = dockStatusId });

    public void SetStatus(string modelId, DockStatus status) => _rows.AddOrUpdate(modelId, _ => new Row("?", status.Id, status.Status.ToString(), null, null), (_, r) => r with { Status = status.Status.ToString() });

    public void Finish(ModelResult result) =>
        _rows.AddOrUpdate(result.ModelId, _ => new Row("done", result.DockStatusId, result.Status, null, result.OutcomeName, result.WasStopped), (_, r) => r with { DockStatusId = result.DockStatusId ?? r.DockStatusId, Status = result.Status ?? r.Status, Outcome = result.OutcomeName, Stopped = result.WasStopped });

    /// <summary>One model's row.</summary>
    internal sealed record Row(string Step, string? DockStatusId, string? Status, long? StepStartedAt, string? Outcome, bool Stopped = false);
}
