using System.Diagnostics;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Samples;

/// <summary>Deploys a model, shows each status change as it happens, and undeploys it again when asked.</summary>
internal sealed class DeploymentWalkthrough(IModelDeploymentClient client, SampleSettings settings, DockPollingOptions polling, TextWriter output)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        DockOperation deployment;
        if (settings.ResumeDockStatusId is { } resumeId)
        {
            output.WriteLine($"Resuming the wait for dock job {resumeId}");
            deployment = client.GetDockOperation(resumeId);
        }
        else
        {
            var request = await LoadRequestAsync(cancellationToken);
            output.WriteLine($"Deploying {request.Name} ({settings.ModelId}, {settings.ModelType}) on {request.DeviceType}");
            deployment = await client.StartDeployAsync(settings.ModelId, settings.ModelType, request, cancellationToken);
            output.WriteLine($"dockStatusId: {deployment.Id}");
            if (!settings.UsesEmbeddedEmulator)
            {
                // The embedded emulator ends with this process, so only a real (or standalone) host can be waited on again.
                output.WriteLine($"  (resume this wait from anywhere with KORE_DOCK_STATUS_ID={deployment.Id})");
            }
        }

        await WatchAsync(deployment, cancellationToken);

        if (settings.Undeploy && settings.ResumeDockStatusId is null)
        {
            output.WriteLine($"Undeploying {settings.ModelId}");
            var undeployment = await client.StartUndeployAsync(settings.ModelId, cancellationToken);
            output.WriteLine($"dockStatusId: {undeployment.Id}");
            await WatchAsync(undeployment, cancellationToken);
        }
    }

    private async Task WatchAsync(DockOperation operation, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await foreach (var status in operation.WatchAsync(polling, cancellationToken))
        {
            output.WriteLine($"  [{clock.Elapsed.TotalSeconds,6:0.0}s] {status.Action} {status.Status}");
        }
    }

    private async Task<DeployModelRequest> LoadRequestAsync(CancellationToken cancellationToken)
    {
        var path = settings.DeployFile ?? Path.Combine(AppContext.BaseDirectory, "flan-t5-deploy.json");
        await using var file = File.OpenRead(path);
        return await KoreModelDeployJson.ParseDeployModelRequestAsync(file, cancellationToken);
    }
}
