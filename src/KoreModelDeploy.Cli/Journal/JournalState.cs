using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>Every model the journal knows, as its events leave it.</summary>
internal sealed class JournalState
{
    private readonly Dictionary<string, ModelRecord> _models = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>The models in the order the journal first named them.</summary>
    public IEnumerable<ModelRecord> Models => _order.Select(id => _models[id]);

    public ModelRecord? Find(string modelId) => _models.GetValueOrDefault(modelId);

    /// <summary>The binding of the last <see cref="JournalEvent.Rebound"/>, which replaces the header's; <see langword="null"/> when none.</summary>
    public JournalBinding? Rebinding { get; private set; }

    /// <summary>The state <paramref name="events"/> leave, replayed in order.</summary>
    public static JournalState From(IEnumerable<JournalEvent> events)
    {
        var state = new JournalState();
        foreach (var journalEvent in events)
        {
            state.Replay(journalEvent);
        }

        return state;
    }

    /// <summary>Whether <paramref name="other"/> holds the same binding and the same models, in the same order, each believed the same.</summary>
    public bool SameAs(JournalState other) =>
        Rebinding == other.Rebinding && Models.SequenceEqual(other.Models);

    /// <summary>Replays one event (a <see cref="JournalEvent.Moved"/> changes no model).</summary>
    public void Replay(JournalEvent journalEvent)
    {
        switch (journalEvent)
        {
            case JournalEvent.Rebound rebound:
                Rebinding = new JournalBinding(rebound.Environment, rebound.Host);
                break;
            case JournalEvent.Forgotten forgotten:
                // As if the journal had never named the model: a later step of it starts a record of its own.
                if (_models.Remove(forgotten.ModelId))
                {
                    _order.Remove(forgotten.ModelId);
                }

                break;
            case StepEvent step:
                ReplayStep(step);
                break;
        }
    }

    private void ReplayStep(StepEvent journalEvent)
    {
        var modelId = journalEvent.ModelId;
        if (!_models.TryGetValue(modelId, out var record))
        {
            record = new ModelRecord { ModelId = modelId };
            _order.Add(modelId);
        }

        _models[modelId] = journalEvent switch
        {
            JournalEvent.Intent intent => record with
            {
                Pending = new PendingStep(intent.Call, intent.Reason, intent.ModelType, intent.Fingerprint, null, intent.Request),
                UnusableDockStatusId = null,
            },
            JournalEvent.Started started => Started(record, started.Call, started.DockStatusId),
            JournalEvent.Resolved { JobExists: true } resolved => Started(record, resolved.Call, resolved.DockStatusId),
            JournalEvent.Resolved or JournalEvent.NotStarted => record with { Pending = null, UnusableDockStatusId = null },
            JournalEvent.Finished finished => Finish(record, finished),

            // No job: the platform holds no deployment of the model, whatever the journal said before.
            JournalEvent.NotDeployed notDeployed => record with
            {
                Pending = null,
                UnusableDockStatusId = null,
                Deployed = false,
                DeployedFingerprint = null,
                FailedFingerprint = null,
                LastCall = notDeployed.Call,
                LastStatus = default,
                LastDockStatusId = null,
                LastMessage = notDeployed.Message,
            },
            _ => record,
        };
    }

    private static ModelRecord Started(ModelRecord record, StepCall call, string? dockStatusId)
    {
        var pending = record.Pending ?? new PendingStep(call, call == StepCall.Undeploy ? StepReason.Prune : StepReason.Deploy, null, null, null);

        // An id no status call can use (an earlier release journaled --resolve values unchecked) leaves the step
        // unknown, so that a new --resolve can replace it instead of every apply failing on it.
        return KoreRequestValidator.ValidateDockStatusId(dockStatusId).Count == 0
            ? record with { Pending = pending with { DockStatusId = dockStatusId }, UnusableDockStatusId = null }
            : record with { Pending = pending with { DockStatusId = null }, UnusableDockStatusId = dockStatusId };
    }

    private static ModelRecord Finish(ModelRecord record, JournalEvent.Finished finished)
    {
        var status = finished.Status;
        if (status != DockJobStatus.Success && status != DockJobStatus.Failed)
        {
            // Not an end the tool writes: the job is treated as still running, and the next apply asks the service.
            return Started(record, finished.Call, finished.DockStatusId ?? record.Pending?.DockStatusId);
        }

        var success = status == DockJobStatus.Success;
        var ended = record with
        {
            Pending = null,
            UnusableDockStatusId = null,
            LastCall = finished.Call,
            LastStatus = DocumentedStatus.Of(status),
            LastDockStatusId = finished.DockStatusId ?? record.Pending?.DockStatusId,
            LastMessage = finished.Message,
            FailedFingerprint = null,
        };

        return (finished.Call, success) switch
        {
            (StepCall.Deploy, true) => ended with
            {
                Deployed = true,
                EverDeployed = true,
                DeployedFingerprint = record.Pending?.Fingerprint,
                DeployedModelType = record.Pending?.ModelType,
                DeployedRequest = record.Pending?.Request,
            },
            (StepCall.Deploy, false) => ended with { Deployed = false, DeployedFingerprint = null, DeployedModelType = null, DeployedRequest = null, FailedFingerprint = record.Pending?.Fingerprint },
            (StepCall.Undeploy, true) => ended with { Deployed = false, DeployedFingerprint = null, DeployedModelType = null, DeployedRequest = null },

            // A failed undeploy leaves the model as it was: still deployed, with its settings.
            _ => ended,
        };
    }
}
