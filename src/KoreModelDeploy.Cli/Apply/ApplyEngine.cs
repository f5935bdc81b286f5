using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.CommandLine;
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
/// Once the journal's lock is lost (<see cref="DeploymentJournal.Lost"/>) no step starts, no POST is sent, every wait
/// ends, and nothing more is recorded: <see cref="FailureClassifier.ClassifyLockLost"/> says what each unfinished model
/// comes to. A POST is never repeated by this class. A POST whose failure says the service may have acted leaves its intent
/// without an id: the model is unknown until a person resolves it. A POST the service certainly did not act on is
/// recorded as not started, so the next apply may send it.
/// </remarks>
internal sealed class ApplyEngine(IModelDeploymentClient client, DeploymentJournal journal, ApplyOptions options)
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
                return Result(model, ModelOutcome.NotStarted, last?.DockStatusId, last?.Status, "not started: the apply was cancelled first.");
            }

            if (journal.Lost.IsCancellationRequested)
            {
                return LockLost(model, last?.DockStatusId, last?.Status, leftUnsettled: false, $"{model.ModelId} was not started; the next apply plans it again once it takes the lock.");
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
        PlanAction.Unchanged => Result(model, ModelOutcome.Unchanged, model.Record?.LastDockStatusId, LastStatus(model)),
        PlanAction.Failed => Result(model, ModelOutcome.Failed, model.Record?.LastDockStatusId, LastStatus(model), model.Detail),
        PlanAction.Unknown => Result(model, ModelOutcome.Unknown, message: model.Detail),
        _ => Result(model, ModelOutcome.PruneCandidate, model.Record?.LastDockStatusId, LastStatus(model), model.Detail),
    };

    /// <summary>A model the loss of the journal's lock stopped, as <see cref="FailureClassifier.ClassifyLockLost"/> says, and what the next apply does.</summary>
    private ModelResult LockLost(ModelPlan model, string? dockStatusId, string? status, bool leftUnsettled, string next)
    {
        var failure = FailureClassifier.ClassifyLockLost(journal.Location, leftUnsettled);
        return Result(model, failure.Outcome, dockStatusId, status, $"{failure.Detail}: {next}");
    }

    private static string? LastStatus(ModelPlan model) => model.Record is { LastStatus.IsDefault: false } record ? record.LastStatus.ToString() : null;

    /// <summary>Every model's result is made here: the model's id and plan action are always the plan's.</summary>
    private static ModelResult Result(ModelPlan model, ModelOutcome outcome, string? dockStatusId = null, string? status = null, string? message = null) =>
        new(model.ModelId, model.Action, outcome, dockStatusId, status, message);

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
        var deploying = step.Call == StepCall.Deploy;
        var resolved = model.Model;
        if (deploying && resolved is null)
        {
            throw new InvalidOperationException($"A deploy step for {model.ModelId} needs the manifest's model.");
        }

        var call = step.Call.Word();
        if (journal.Lost.IsCancellationRequested)
        {
            return (null, LockLost(model, null, null, leftUnsettled: false, $"the {call} call was not sent, and the next apply plans {model.ModelId} again once it takes the lock."));
        }

        try
        {
            journal.Record(deploying
                ? new JournalEvent.Intent(model.ModelId, step.Call, step.Reason, resolved!.ModelType, resolved.Fingerprint, step.IsDeployedPreviously, resolved.Settings)
                : new JournalEvent.Intent(model.ModelId, step.Call, step.Reason));
        }
        catch (JournalException ex)
        {
            // No intent on disk, no call: a call the journal does not know of could start a job nobody finds again.
            return (null, Result(model, ModelOutcome.JournalError, message: $"the {call} call was not sent: {ex.Message}"));
        }

        if (journal.Lost.IsCancellationRequested)
        {
            // The intent is recorded and the call is not sent: the next apply sees an intent without an end.
            return (null, LockLost(model, null, null, leftUnsettled: true, $"its intent was recorded but the {call} call was not sent, so the next apply reports {model.ModelId} unknown: run it with --resolve {model.ModelId}=not-started."));
        }

        DockOperation operation;
        try
        {
            // Not cancellable: a POST cut off mid-flight would leave the model unknown. It ends within the call's own timeout.
            using var inFlight = options.Interrupts?.BeginJobStartingCall($"{call} {model.ModelId}", journaled: true);
            operation = deploying
                ? await client.StartDeployAsync(model.ModelId, new ModelType(resolved!.ModelType), resolved.Request with { IsDeployedPreviously = step.IsDeployedPreviously }, CancellationToken.None).ConfigureAwait(false)
                : await client.StartUndeployAsync(model.ModelId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (KoreApiException ex) when (!deploying && NotDeployedAnswer.Matches(ex))
        {
            return (null, NothingToUndeploy(model, step, ex));
        }
        catch (Exception ex) when (ex is KoreValidationException or KoreApiException or HttpRequestException or OperationCanceledException or IOException)
        {
            var failure = FailureClassifier.Classify(ex, cancelledByUser: false, startingJournaledJob: true);
            return (null, failure switch
            {
                // The intent stays without an id: the service may have started a job, and sending again could start a second.
                { Outcome: ModelOutcome.Unknown } => Result(model, ModelOutcome.Unknown, message: $"the {call} call may have started a job ({failure.Cause}); nothing is sent again until you {Planner.ResolveHint(model.ModelId)}."),
                { Exception: KoreValidationException } => NotStarted(model, step, failure.Outcome, $"refused before sending: {failure.Detail}"),
                _ => NotStarted(model, step, failure.Outcome, $"the {call} call failed and started nothing ({failure.Cause}): {failure.Detail}"),
            });
        }

        try
        {
            journal.Record(new JournalEvent.Started(model.ModelId, step.Call, operation.Id));
            return (operation, null);
        }
        catch (JournalException ex)
        {
            // The job exists and this is the only place its id is known: it goes to the user, who can record it.
            var message = $"the {call} call started job {operation.Id}, but the journal could not record its id ({ex.Message}). "
                + $"Nothing is sent again for {model.ModelId} until you free the disk and run apply with --resolve {model.ModelId}=started:{operation.Id}; apply then waits on that job.";
            return (null, Result(model, ModelOutcome.Unknown, operation.Id, Documented(operation.LastStatus), message));
        }
    }

    /// <summary>A call the service certainly did not act on: journaled as not started, so the next apply may send it.</summary>
    private ModelResult NotStarted(ModelPlan model, PlannedStep step, ModelOutcome outcome, string message)
    {
        try
        {
            journal.Record(new JournalEvent.NotStarted(model.ModelId, step.Call, message));
            return Result(model, outcome, message: message);
        }
        catch (JournalException ex)
        {
            // The intent stays without an end, so the next apply sees the model as unknown: say why, and the way out.
            return Result(
                model,
                ModelOutcome.Unknown,
                message: $"{message}; the journal could not record that nothing started ({ex.Message}), so the next apply reports the model unknown: run it with --resolve {model.ModelId}=not-started.");
        }
    }

    /// <summary>
    /// An undeploy the service answered with its own 404: the platform holds no deployment of the model (it lost it, or
    /// someone undeployed it in the console). Nothing was deployed, so there is nothing to undeploy: the step counts as
    /// done, a redeploy's deploy goes on and decides by its own answer, and a prune leaves the model undeployed.
    /// </summary>
    private ModelResult NothingToUndeploy(ModelPlan model, PlannedStep step, KoreApiException answer)
    {
        var next = step.Reason is StepReason.Redeploy or StepReason.Retry ? "the deploy goes on" : "the model counts as undeployed";
        var message = $"the service answered the undeploy with 404 ({answer.ServiceMessage}): {model.ModelId} is not deployed there, so nothing was undeployed and {next}.";
        try
        {
            journal.Record(new JournalEvent.NotDeployed(model.ModelId, step.Call, message));
            return Result(model, ModelOutcome.Succeeded, message: message);
        }
        catch (JournalException ex)
        {
            return Result(
                model,
                ModelOutcome.Unknown,
                message: $"{message[..^1]}; but the journal could not record it ({ex.Message}), so the next apply reports the model unknown: run it with --resolve {model.ModelId}=not-started.");
        }
    }

    private async Task<ModelResult> WaitAsync(ModelPlan model, PlannedStep step, DockOperation operation, IApplyObserver observer, CancellationToken cancellationToken)
    {
        var progress = new ObserverProgress(observer, model.ModelId);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, journal.Lost);
        try
        {
            // The client was built with the run's polling options: the wait takes them from there.
            var final = await operation.WaitForCompletionAsync(null, progress, stop.Token).ConfigureAwait(false);
            return Finish(model, step, operation.Id, final)
                ?? Result(model, ModelOutcome.Succeeded, operation.Id, Documented(final), final.Message);
        }
        catch (KoreJobFailedException ex)
        {
            return Finish(model, step, operation.Id, ex.Status)
                ?? Result(model, ModelOutcome.Failed, operation.Id, Documented(ex.Status), ex.VendorMessage);
        }
        catch (OperationCanceledException) when (journal.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return LockLost(model, operation.Id, Documented(operation.LastStatus), leftUnsettled: true, $"job {operation.Id} goes on, and the next apply waits on it once it takes the lock.");
        }
        catch (Exception ex) when (ex is KoreJobTimeoutException or KoreApiException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var failure = FailureClassifier.Classify(ex, cancellationToken.IsCancellationRequested);
            var message = failure.Exception switch
            {
                KoreJobTimeoutException timedOut => $"the wait timed out after {DurationText.Format(TimeSpan.FromSeconds(Math.Round(timedOut.Elapsed.TotalSeconds)))}; the job goes on, and the next apply waits on {operation.Id}.",
                KoreApiException api => $"waiting failed ({failure.Cause}): {failure.Detail}; {(api.Status == 404 ? StatusUnknownToService(model, operation.Id) : $"the next apply waits on {operation.Id}")}.",
                _ => $"the wait stopped; the job goes on, and the next apply waits on {operation.Id}.",
            };
            var status = failure.Exception is KoreJobTimeoutException { LastStatus: var last } ? last : operation.LastStatus;
            return Result(model, failure.Outcome, operation.Id, Documented(status), message);
        }
    }

    private string StatusUnknownToService(ModelPlan model, string dockStatusId) =>
        $"the service does not know job {dockStatusId}. After checking the platform's console, run apply with --resolve {model.ModelId}=started:<dockStatusId> with the job's right id, or --resolve {model.ModelId}=not-started if there is none; "
        + $"or, if the status answers 404 for good, make the tool forget what it believed about the model ({Planner.ForgetHint(model.ModelId, options.JournalArguments)}); until then the next apply asks for {dockStatusId} again";

    /// <summary>Journals a job's end; when that fails, the result that says so (the next apply asks the service again).</summary>
    private ModelResult? Finish(ModelPlan model, PlannedStep step, string dockStatusId, DockStatus status)
    {
        if (journal.Lost.IsCancellationRequested)
        {
            // Written without the lock, the end could land in a journal another apply holds by now.
            return LockLost(model, dockStatusId, Documented(status), leftUnsettled: false, $"job {dockStatusId} ended {Documented(status)} and is not recorded; the next apply asks the service for {dockStatusId} again once it takes the lock.");
        }

        try
        {
            journal.Record(new JournalEvent.Finished(model.ModelId, step.Call, dockStatusId, status.Status, status.Message));
            return null;
        }
        catch (JournalException ex)
        {
            return Result(
                model,
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
