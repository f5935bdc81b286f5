using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Apply;

/// <summary>
/// Carries a plan out: each model's steps in order, up to <see cref="ApplyOptions.Parallel"/> models at once, every
/// wait through the SDK's poller. The journal gets the intent before each POST, the dock status id the moment it
/// arrives, and the final status after the wait, each on disk before the run goes on.
/// </summary>
/// <remarks>
/// A POST is never repeated by this class. A POST whose failure says the service may have acted leaves its intent
/// without an id: the model is unknown until a person resolves it. A POST the service certainly did not act on is
/// recorded as not started, so the next apply may send it.
/// </remarks>
internal sealed class ApplyEngine(IModelDeploymentClient client, JournalFile journal, ApplyOptions options)
{
    public async Task<ApplyReport> RunAsync(Plan plan, IApplyObserver observer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallel, 1, nameof(options.Parallel));
        var results = new ModelResult[plan.Models.Count];

        // The loop itself is not cancelled: each model ends on its own terms (a wait stops, a POST in flight finishes)
        // so that every result, and every journal line, is written.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, plan.Models.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallel },
            async (index, _) =>
            {
                var result = await RunModelAsync(plan.Models[index], observer, cancellationToken).ConfigureAwait(false);
                results[index] = result;
                observer.ModelFinished(result);
            }).ConfigureAwait(false);

        return new ApplyReport(results);
    }

    private async Task<ModelResult> RunModelAsync(ModelPlan model, IApplyObserver observer, CancellationToken cancellationToken)
    {
        if (model.Steps.Count == 0)
        {
            return Idle(model);
        }

        ModelResult? last = null;
        foreach (var step in model.Steps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new ModelResult(model.ModelId, model.Action, ModelOutcome.NotStarted, last?.DockStatusId, last?.Status, "not started: the apply was cancelled first.");
            }

            observer.StepStarted(model.ModelId, step);
            last = await RunStepAsync(model, step, observer, cancellationToken).ConfigureAwait(false);
            if (last.Outcome != ModelOutcome.Succeeded)
            {
                return last;
            }
        }

        return last!;
    }

    private static ModelResult Idle(ModelPlan model) => model.Action switch
    {
        PlanAction.Unchanged => new ModelResult(model.ModelId, model.Action, ModelOutcome.Unchanged, model.Record?.LastDockStatusId, LastStatus(model), null),
        PlanAction.Failed => new ModelResult(model.ModelId, model.Action, ModelOutcome.Failed, model.Record?.LastDockStatusId, LastStatus(model), model.Detail),
        PlanAction.Unknown => new ModelResult(model.ModelId, model.Action, ModelOutcome.Unknown, null, null, model.Detail),
        _ => new ModelResult(model.ModelId, model.Action, ModelOutcome.PruneCandidate, model.Record?.LastDockStatusId, LastStatus(model), model.Detail),
    };

    private static string? LastStatus(ModelPlan model) => model.Record is { LastStatus.IsDefault: false } record ? record.LastStatus.ToString() : null;

    private async Task<ModelResult> RunStepAsync(ModelPlan model, PlannedStep step, IApplyObserver observer, CancellationToken cancellationToken)
    {
        DockOperation operation;
        if (step.ResumeDockStatusId is { } recorded)
        {
            operation = client.GetDockOperation(recorded);
        }
        else
        {
            var started = await StartAsync(model, step).ConfigureAwait(false);
            if (started.Result is { } refused)
            {
                return refused;
            }

            operation = started.Operation!;
        }

        observer.JobStarted(model.ModelId, step, operation.Id);
        return await WaitAsync(model, step, operation, observer, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(DockOperation? Operation, ModelResult? Result)> StartAsync(ModelPlan model, PlannedStep step)
    {
        var deploying = step.Action == PlannedStep.DeployAction;
        var resolved = model.Model;
        if (deploying && resolved is null)
        {
            throw new InvalidOperationException($"A deploy step for {model.ModelId} needs the manifest's model.");
        }

        try
        {
            journal.Append(new JournalEntry
            {
                At = default,
                Event = JournalEvents.Intent,
                ModelId = model.ModelId,
                Action = step.Action,
                Reason = step.Reason,
                ModelType = deploying ? resolved!.ModelType : null,
                Fingerprint = deploying ? resolved!.Fingerprint : null,
                IsDeployedPreviously = deploying ? step.IsDeployedPreviously : null,
            });
        }
        catch (JournalException ex)
        {
            // No intent on disk, no call: a call the journal does not know of could start a job nobody finds again.
            return (null, new ModelResult(model.ModelId, model.Action, ModelOutcome.JournalError, null, null, $"the {step.Action} call was not sent: {ex.Message}"));
        }

        DockOperation operation;
        try
        {
            // Not cancellable: a POST cut off mid-flight would leave the model unknown. It ends within the call's own timeout.
            using var inFlight = options.Interrupts?.BeginJobStartingCall($"{step.Action} {model.ModelId}", journaled: true);
            operation = deploying
                ? await client.StartDeployAsync(model.ModelId, new ModelType(resolved!.ModelType), resolved.Request with { IsDeployedPreviously = step.IsDeployedPreviously }, CancellationToken.None).ConfigureAwait(false)
                : await client.StartUndeployAsync(model.ModelId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (KoreValidationException ex)
        {
            var message = $"refused before sending: {string.Join("; ", ex.Errors)}";
            return (null, NotStarted(model, step, ModelOutcome.InvalidRequest, message));
        }
        catch (KoreApiException ex) when (!ex.RequestMayHaveBeenProcessed)
        {
            var message = $"the {step.Action} call failed and started nothing ({ex.Kind}{(ex.Status > 0 ? $", HTTP {ex.Status}" : string.Empty)}): {ex.ServiceMessage ?? ex.Message}";
            return (null, NotStarted(model, step, ex.Kind == KoreErrorKind.Authentication ? ModelOutcome.AuthenticationError : ModelOutcome.ApiError, message));
        }
        catch (Exception ex) when (ex is KoreApiException or HttpRequestException or OperationCanceledException or IOException)
        {
            // The intent stays without an id: the service may have started a job, and sending again could start a second.
            var cause = ex is KoreApiException api ? $"{api.Kind}{(api.Status > 0 ? $", HTTP {api.Status}" : string.Empty)}" : ex.GetType().Name;
            var message = $"the {step.Action} call may have started a job ({cause}); nothing is sent again until you {Planner.ResolveHint(model.ModelId)}.";
            return (null, new ModelResult(model.ModelId, model.Action, ModelOutcome.Unknown, null, null, message));
        }

        try
        {
            journal.Append(new JournalEntry { At = default, Event = JournalEvents.Started, ModelId = model.ModelId, Action = step.Action, DockStatusId = operation.Id });
            return (operation, null);
        }
        catch (JournalException ex)
        {
            // The job exists and this is the only place its id is known: it goes to the user, who can record it.
            var message = $"the {step.Action} call started job {operation.Id}, but the journal could not record its id ({ex.Message}). "
                + $"Nothing is sent again for {model.ModelId} until you free the disk and run apply with --resolve {model.ModelId}=started:{operation.Id}; apply then waits on that job.";
            return (null, new ModelResult(model.ModelId, model.Action, ModelOutcome.Unknown, operation.Id, Documented(operation.LastStatus), message));
        }
    }

    /// <summary>A call the service certainly did not act on: journaled as not started, so the next apply may send it.</summary>
    private ModelResult NotStarted(ModelPlan model, PlannedStep step, ModelOutcome outcome, string message)
    {
        try
        {
            journal.Append(new JournalEntry { At = default, Event = JournalEvents.NotStarted, ModelId = model.ModelId, Action = step.Action, Message = message });
            return new ModelResult(model.ModelId, model.Action, outcome, null, null, message);
        }
        catch (JournalException ex)
        {
            // The intent stays without an end, so the next apply sees the model as unknown: say why, and the way out.
            return new ModelResult(
                model.ModelId,
                model.Action,
                ModelOutcome.Unknown,
                null,
                null,
                $"{message}; the journal could not record that nothing started ({ex.Message}), so the next apply reports the model unknown: run it with --resolve {model.ModelId}=not-started.");
        }
    }

    private async Task<ModelResult> WaitAsync(ModelPlan model, PlannedStep step, DockOperation operation, IApplyObserver observer, CancellationToken cancellationToken)
    {
        var progress = new ObserverProgress(observer, model.ModelId);
        try
        {
            // The client was built with the run's polling options: the wait takes them from there.
            var final = await operation.WaitForCompletionAsync(null, progress, cancellationToken).ConfigureAwait(false);
            return Finish(model, step, operation.Id, final)
                ?? new ModelResult(model.ModelId, model.Action, ModelOutcome.Succeeded, operation.Id, Documented(final), final.Message);
        }
        catch (KoreJobFailedException ex)
        {
            return Finish(model, step, operation.Id, ex.Status)
                ?? new ModelResult(model.ModelId, model.Action, ModelOutcome.Failed, operation.Id, Documented(ex.Status), ex.VendorMessage);
        }
        catch (KoreJobTimeoutException ex)
        {
            return new ModelResult(
                model.ModelId,
                model.Action,
                ModelOutcome.TimedOut,
                operation.Id,
                Documented(ex.LastStatus),
                $"the wait timed out after {ex.Elapsed:g}; the job goes on, and the next apply waits on {operation.Id}.");
        }
        catch (KoreApiException ex)
        {
            var next = ex.Status == 404
                ? $"the service does not know job {operation.Id}. After checking the platform's console, run apply with --resolve {model.ModelId}=started:<dockStatusId> with the job's right id, or --resolve {model.ModelId}=not-started if there is none; until then the next apply asks for {operation.Id} again"
                : $"the next apply waits on {operation.Id}";
            return new ModelResult(
                model.ModelId,
                model.Action,
                ex.Kind == KoreErrorKind.Authentication ? ModelOutcome.AuthenticationError : ModelOutcome.ApiError,
                operation.Id,
                Documented(operation.LastStatus),
                $"waiting failed ({ex.Kind}{(ex.Status > 0 ? $", HTTP {ex.Status}" : string.Empty)}): {ex.ServiceMessage ?? ex.Message}; {next}.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new ModelResult(
                model.ModelId,
                model.Action,
                ModelOutcome.Cancelled,
                operation.Id,
                Documented(operation.LastStatus),
                $"the wait stopped; the job goes on, and the next apply waits on {operation.Id}.");
        }
    }

    /// <summary>Journals a job's end; when that fails, the result that says so (the next apply asks the service again).</summary>
    private ModelResult? Finish(ModelPlan model, PlannedStep step, string dockStatusId, DockStatus status)
    {
        try
        {
            journal.Append(new JournalEntry
            {
                At = default,
                Event = JournalEvents.Finished,
                ModelId = model.ModelId,
                Action = step.Action,
                DockStatusId = dockStatusId,
                Status = status.Status,
                Message = status.Message,
            });
            return null;
        }
        catch (JournalException ex)
        {
            return new ModelResult(
                model.ModelId,
                model.Action,
                ModelOutcome.JournalError,
                dockStatusId,
                Documented(status),
                $"job {dockStatusId} ended {Documented(status)}, but the journal could not record it ({ex.Message}); the next apply asks the service for {dockStatusId} again.");
        }
    }

    /// <summary>A status as the journal and the report spell it: <c>SUCCESS</c> however the service wrote it.</summary>
    private static string? Documented(DockStatus? status) =>
        status is null || status.Status.IsDefault ? null : DocumentedStatus.Of(status.Status).ToString();

    private sealed class ObserverProgress(IApplyObserver observer, string modelId) : IProgress<DockStatus>
    {
        public void Report(DockStatus value) => observer.StatusChanged(modelId, value);
    }
}
