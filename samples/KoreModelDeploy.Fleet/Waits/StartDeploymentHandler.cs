using KoreModelDeploy.Fleet.Deployments;
using Npgsql;
using Rebus.Bus;
using Rebus.Handlers;

namespace KoreModelDeploy.Fleet.Waits;

/// <summary>
/// Sends a deployment's deploy request at most once: the intent is recorded first, so a message delivered again after
/// an instance died mid-request finds the intent without a dock status id and records <see cref="DeploymentState.Unknown"/>
/// instead of deploying twice.
/// </summary>
public sealed class StartDeploymentHandler(
    IModelDeploymentClient client,
    DeploymentStore store,
    NpgsqlDataSource dataSource,
    DockPollingOptions polling,
    IBus bus,
    ILogger<StartDeploymentHandler> logger) : IHandleMessages<StartDeployment>
{
    /// <inheritdoc />
    public async Task Handle(StartDeployment message)
    {
        var id = message.DeploymentId;
        await using var lease = await DeploymentLease.TryTakeAsync(dataSource, id, CancellationToken.None);
        if (lease is null)
        {
            // A live instance is sending this deployment's request: this message is a copy, and that instance's own
            // message is delivered again should it die.
            return;
        }

        if (await store.RecordIntentAsync(id, CancellationToken.None) is not { } intent)
        {
            await ResumeAsync(id);
            return;
        }

        string dockStatusId;
        try
        {
            var request = KoreModelDeployJson.ParseDeployModelRequest(intent.Request);
            var operation = await client.StartDeployAsync(intent.ModelId, new Models.ModelType(intent.ModelType), request);
            dockStatusId = operation.Id;
        }
        catch (KoreValidationException e)
        {
            // Refused before anything was sent (a model id unsafe in a URL, say).
            await store.EndAsync(id, DeploymentState.Starting, DeploymentState.Rejected, e.Message, CancellationToken.None);
            return;
        }
        catch (KoreApiException e) when (e.Status is >= 400 and < 500 and not 408 and not 429)
        {
            await store.EndAsync(id, DeploymentState.Starting, DeploymentState.Rejected, e.Message, CancellationToken.None);
            return;
        }
        catch (KoreApiException e)
        {
            // The request may have reached the service: sending it again could deploy twice.
            await store.EndAsync(id, DeploymentState.Starting, DeploymentState.Unknown, e.Message, CancellationToken.None);
            return;
        }

        await store.RecordStartedAsync(id, dockStatusId, CancellationToken.None);
        WaitLog.Started(logger, id, dockStatusId);
        await ScheduleFirstPollAsync(id);
    }

    private async Task ResumeAsync(Guid id)
    {
        var deployment = await store.GetAsync(id, CancellationToken.None);
        switch (deployment?.State)
        {
            case DeploymentState.Starting:
                // An intent without a dock status id, and nobody holds the lease: the instance that sent the request died
                // before it recorded the answer.
                await store.EndAsync(id, DeploymentState.Starting, DeploymentState.Unknown,
                    "The deploy request was sent but its answer was never recorded; it is not sent again. Check the model before deploying it again.",
                    CancellationToken.None);
                break;
            case DeploymentState.InProgress when deployment.Polls == 0:
                // The job was recorded but this message was not consumed, so the first poll it schedules was not either.
                await ScheduleFirstPollAsync(id);
                break;
        }
    }

    private Task ScheduleFirstPollAsync(Guid id)
    {
        var delay = polling.GetPollDelay(0, TimeSpan.Zero, PollJitter.Next()) ?? TimeSpan.Zero;
        return bus.DeferLocal(delay, new PollDeployment(id, 0));
    }
}
