using KoreModelDeploy.Fleet.Deployments;
using KoreModelDeploy.Models;
using Npgsql;
using Rebus.Bus;
using Rebus.Handlers;

namespace KoreModelDeploy.Fleet.Waits;

/// <summary>
/// One poll of a deployment's job, then the next one scheduled by the SDK's delay schedule. The message is the wait:
/// whichever instance receives it polls, and when that instance dies mid-poll the message returns to the queue for
/// another. The lease keeps a second poller off the job even if a copy of the message exists.
/// </summary>
public sealed class PollDeploymentHandler(
    IModelDeploymentClient client,
    DeploymentStore store,
    NpgsqlDataSource dataSource,
    DockPollingOptions polling,
    IBus bus,
    ILogger<PollDeploymentHandler> logger) : IHandleMessages<PollDeployment>
{
    /// <inheritdoc />
    public async Task Handle(PollDeployment message)
    {
        var id = message.DeploymentId;
        await using var lease = await DeploymentLease.TryTakeAsync(dataSource, id, CancellationToken.None);
        if (lease is null)
        {
            return; // a live instance is polling this job right now
        }

        var deployment = await store.GetAsync(id, CancellationToken.None);
        if (deployment is not { State: DeploymentState.InProgress, DockStatusId: { } dockStatusId })
        {
            return;
        }

        TimeSpan elapsed;
        try
        {
            var status = await client.GetDockOperation(dockStatusId).UpdateStatusAsync();
            var state = status.Status == DockJobStatus.Success ? DeploymentState.Success
                : status.Status == DockJobStatus.Failed ? DeploymentState.Failed
                : DeploymentState.InProgress;
            elapsed = await store.RecordPollAsync(id, state, status.Message, CancellationToken.None);
            if (state != DeploymentState.InProgress)
            {
                WaitLog.Ended(logger, id, state);
                return;
            }
        }
        catch (DockPollBudgetUnavailableException e)
        {
            // The shared budget's database is away: a pause, not a failed poll (nothing was sent).
            (_, elapsed) = await store.RecordPollFailureAsync(id, e.Message, counts: false, CancellationToken.None);
        }
        catch (KoreApiException e) when (e.IsTransient)
        {
            (var failures, elapsed) = await store.RecordPollFailureAsync(id, e.Message, counts: true, CancellationToken.None);
            if (failures > polling.MaxConsecutiveFailures)
            {
                await store.EndAsync(id, DeploymentState.InProgress, DeploymentState.Unknown, e.Message, CancellationToken.None);
                return;
            }
        }
        catch (KoreApiException e)
        {
            await store.EndAsync(id, DeploymentState.InProgress, DeploymentState.Unknown, e.Message, CancellationToken.None);
            return;
        }

        var next = message.Attempt + 1;
        if (polling.GetPollDelay(next, elapsed, PollJitter.Next()) is not { } delay)
        {
            await store.EndAsync(id, DeploymentState.InProgress, DeploymentState.TimedOut,
                $"The job was still running after {polling.Timeout}.", CancellationToken.None);
            return;
        }

        await bus.DeferLocal(delay, new PollDeployment(id, next));
    }
}
