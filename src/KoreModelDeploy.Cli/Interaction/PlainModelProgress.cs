using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>
/// An apply's progress for logs and pipelines: a line per step, job id, status change and end of each model, with
/// elapsed time, and a heartbeat (models done, running) when nothing has been said for a while. No escape codes.
/// </summary>
/// <remarks>
/// In GitHub Actions, models running in parallel would interleave their lines, and a log group cannot: each model's
/// lines are kept and written as one group, titled with how it ended, when it finishes. A job's id is also written
/// the moment it arrives, so a runner stopped mid-apply still shows it, and the heartbeat names what is still running.
/// </remarks>
internal sealed class PlainModelProgress : IApplyObserver, IDisposable
{
    private readonly IStderrLines _lines;
    private readonly ModelRows _rows;
    private readonly Heartbeat _heartbeat;
    private readonly Dictionary<string, List<string>>? _groups;

    public PlainModelProgress(IStderrLines lines, CliHost host, IReadOnlyList<string> modelIds, bool grouped = false)
    {
        _lines = lines;
        _rows = new ModelRows(host, modelIds);
        _groups = grouped ? new Dictionary<string, List<string>>(StringComparer.Ordinal) : null;
        _heartbeat = new Heartbeat(host, Beat);
    }

    public void StepStarted(string modelId, PlannedStep step)
    {
        _rows.StartStep(modelId, step);
        Say(modelId, $"{modelId}: {step}");
    }

    public void JobStarted(string modelId, PlannedStep step, string dockStatusId)
    {
        _rows.SetJob(modelId, dockStatusId);
        Say(modelId, $"{modelId}: {step.Call.Word()} job {dockStatusId}", alsoNow: true);
    }

    // Every status reported is a change: each step is one SDK wait, which reports the job's first status and then
    // only statuses that differ from the last one it reported.
    public void StatusChanged(string modelId, DockStatus status)
    {
        _rows.SetStatus(modelId, status);
        Say(modelId, $"{modelId}: {status.Status} ({_rows.Elapsed(_rows[modelId].StepStartedAt ?? _rows.StartedAt)})");
    }

    public void ModelFinished(ModelResult result)
    {
        _rows.Finish(result);

        // The reason for an end other than SUCCESS is printed once, with the report's errors.
        var line = $"{result.ModelId}: {result.OutcomeName}" + (result.DockStatusId is { } id ? $" {id}" : string.Empty) + (result.Status is { } s ? $" {s}" : string.Empty);
        if (_groups is null)
        {
            Say(result.ModelId, line);
            return;
        }

        List<string> lines;
        lock (_groups)
        {
            lines = _groups.Remove(result.ModelId, out var kept) ? kept : [];
        }

        lines.Add(line);
        _heartbeat.Restart();
        _lines.WriteGroup(line, lines);
    }

    public void Dispose()
    {
        _heartbeat.Dispose();
        if (_groups is null)
        {
            return;
        }

        // A model the run left without an end (an error the apply could not record, say) keeps its lines too.
        List<KeyValuePair<string, List<string>>> left;
        lock (_groups)
        {
            left = [.. _groups];
            _groups.Clear();
        }

        foreach (var (modelId, lines) in left)
        {
            _lines.WriteGroup($"{modelId}: unfinished", lines);
        }
    }

    private void Say(string modelId, string line, bool alsoNow = false)
    {
        if (_groups is not null)
        {
            lock (_groups)
            {
                if (!_groups.TryGetValue(modelId, out var lines))
                {
                    _groups[modelId] = lines = [];
                }

                lines.Add(line);
            }

            if (!alsoNow)
            {
                return;
            }
        }

        _heartbeat.Restart();
        _lines.WriteLine(line);
    }

    private void Beat()
    {
        var line = $"apply: {_rows.Progress} after {_rows.Elapsed(_rows.StartedAt)}";
        if (_groups is not null)
        {
            // Nothing else is written while models run, so the heartbeat says where each running one stands.
            var running = _rows.Order
                .Select(id => (Id: id, Row: _rows[id]))
                .Where(m => m.Row.Outcome is null && m.Row.StepStartedAt is not null)
                .Select(m => $"{m.Id} {m.Row.Status ?? m.Row.Step}" + (m.Row.DockStatusId is { } job ? $" ({job})" : string.Empty))
                .ToList();
            if (running.Count > 0)
            {
                line += "; running: " + string.Join(", ", running);
            }
        }

        _lines.WriteLine(line);
    }
}
