using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>
/// An apply's progress for logs and pipelines: a line per step, job id, status change and end of each model, with
/// elapsed time, and a heartbeat (models done, running) when nothing has been said for a while. No escape codes.
/// </summary>
internal sealed class PlainModelProgress : IApplyObserver, IDisposable
{
    private readonly ConsoleInteractionService _output;
    private readonly CliHost _host;
    private readonly ModelRows _rows;
    private readonly ITimer _heartbeat;

    public PlainModelProgress(ConsoleInteractionService output, CliHost host, IReadOnlyList<string> modelIds)
    {
        _output = output;
        _host = host;
        _rows = new ModelRows(host, modelIds);
        _heartbeat = host.TimeProvider.CreateTimer(_ => Heartbeat(), null, host.HeartbeatInterval, host.HeartbeatInterval);
    }

    public void StepStarted(string modelId, PlannedStep step)
    {
        _rows.Step(modelId, step);
        Say($"{modelId}: {step}");
    }

    public void JobStarted(string modelId, PlannedStep step, string dockStatusId)
    {
        _rows.Job(modelId, dockStatusId);
        Say($"{modelId}: {step.Action} job {dockStatusId}");
    }

    public void StatusChanged(string modelId, DockStatus status)
    {
        var before = _rows[modelId].Status;
        _rows.Status(modelId, status);
        if (before != status.Status.ToString())
        {
            Say($"{modelId}: {status.Status} ({_rows.Elapsed(_rows[modelId].StepStarted ?? _rows.Started)})");
        }
    }

    public void ModelFinished(ModelResult result)
    {
        _rows.Finish(result);
        // The reason for an end other than SUCCESS is printed once, with the report's errors.
        Say($"{result.ModelId}: {result.OutcomeName}" + (result.DockStatusId is { } id ? $" {id}" : string.Empty) + (result.Status is { } s ? $" {s}" : string.Empty));
    }

    public void Dispose() => _heartbeat.Dispose();

    private void Say(string line)
    {
        _heartbeat.Change(_host.HeartbeatInterval, _host.HeartbeatInterval);
        _output.WriteError(line, null);
    }

    private void Heartbeat() =>
        _output.WriteError($"apply: {_rows.Done} of {_rows.Order.Count} models done after {_rows.Elapsed(_rows.Started)}", null);
}
