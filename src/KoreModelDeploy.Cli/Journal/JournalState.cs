using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>Every model the journal knows, as its lines leave it.</summary>
internal sealed class JournalState
{
    private readonly Dictionary<string, ModelRecord> _models = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>The models in the order the journal first named them.</summary>
    public IEnumerable<ModelRecord> Models => _order.Select(id => _models[id]);

    public ModelRecord? Find(string modelId) => _models.GetValueOrDefault(modelId);

    /// <summary>Replays one line; lines of other kinds (the header) change nothing.</summary>
    public void Apply(JournalEntry entry)
    {
        if (entry.ModelId is not { } modelId)
        {
            return;
        }

        if (!_models.TryGetValue(modelId, out var record))
        {
            record = new ModelRecord { ModelId = modelId };
            _order.Add(modelId);
        }

        _models[modelId] = entry.Event switch
        {
            JournalEvents.Intent => record with
            {
                Pending = new PendingStep(entry.Action ?? "deploy", entry.Reason ?? entry.Action ?? "deploy", entry.ModelType, entry.Fingerprint, null),
                UnusableDockStatusId = null,
            },
            JournalEvents.Started or JournalEvents.Resolved when entry.Resolution is null or "started" => Started(record, entry.Action, entry.DockStatusId),
            JournalEvents.Resolved or JournalEvents.NotStarted => record with { Pending = null, UnusableDockStatusId = null },
            JournalEvents.Finished => Finish(record, entry),
            _ => record,
        };
    }

    private static ModelRecord Started(ModelRecord record, string? action, string? dockStatusId)
    {
        var pending = record.Pending ?? new PendingStep(action ?? "deploy", action ?? "deploy", null, null, null);

        // An id no status call can use (an earlier release journaled --resolve values unchecked) leaves the step
        // unknown, so that a new --resolve can replace it instead of every apply failing on it.
        return KoreRequestValidator.ValidateDockStatusId(dockStatusId).Count == 0
            ? record with { Pending = pending with { DockStatusId = dockStatusId }, UnusableDockStatusId = null }
            : record with { Pending = pending with { DockStatusId = null }, UnusableDockStatusId = dockStatusId };
    }

    private static ModelRecord Finish(ModelRecord record, JournalEntry entry)
    {
        var status = entry.Status;
        if (status != DockJobStatus.Success && status != DockJobStatus.Failed)
        {
            // Not an end the tool writes: the job is treated as still running, and the next apply asks the service.
            return Started(record, entry.Action, entry.DockStatusId ?? record.Pending?.DockStatusId);
        }

        var action = entry.Action ?? record.Pending?.Action ?? "deploy";
        var success = status == DockJobStatus.Success;
        var finished = record with
        {
            Pending = null,
            UnusableDockStatusId = null,
            LastAction = action,
            LastStatus = DocumentedStatus.Of(status),
            LastDockStatusId = entry.DockStatusId ?? record.Pending?.DockStatusId,
            LastMessage = entry.Message,
            FailedFingerprint = null,
        };

        return (action, success) switch
        {
            ("deploy", true) => finished with { Deployed = true, EverDeployed = true, DeployedFingerprint = record.Pending?.Fingerprint },
            ("deploy", false) => finished with { Deployed = false, DeployedFingerprint = null, FailedFingerprint = record.Pending?.Fingerprint },
            ("undeploy", true) => finished with { Deployed = false, DeployedFingerprint = null },

            // A failed undeploy leaves the model as it was: still deployed, with its settings.
            _ => finished,
        };
    }
}
