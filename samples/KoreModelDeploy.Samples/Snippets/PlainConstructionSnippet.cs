using KoreModelDeploy.Models;

namespace KoreModelDeploy.Samples.Snippets;

/// <summary>Construction without dependency injection, for console programs and scripts. README shows the regions below.</summary>
internal static class PlainConstructionSnippet
{
    public static async Task<DockStatus> RunAsync(Uri host, string apiKey)
    {
        // <snippet:plain-construction>
        var client = new ModelDeploymentClient(new KoreModelDeployOptions
        {
            Host = host,     // e.g. new Uri("https://agent-platform.kore.ai")
            ApiKey = apiKey, // e.g. Environment.GetEnvironmentVariable("KORE_API_KEY")
        });

        var request = new DeployModelRequest
        {
            Name = "Flant5_model",
            HyperParameters = new HyperParameters { Temperature = 1, MaxTokens = 512, TopP = 1, TopK = 50, StopSequence = [] },
            ScalingParameters = new ScalingParameters { MaxBatchSize = 10, MinReplicas = 1, MaxReplicas = 2, ScaleUpDelay = 30, ScaleDownDelay = 600 },
            DeviceType = DeviceType.G5XLarge,
            OptimizationInfo = new OptimizationInfo { OptimizationType = OptimizationType.Unspecified, QuantizationType = QuantizationType.Unspecified },
            IsDeployedPreviously = true,
        };

        DockOperation deployment = await client.StartDeployAsync("cm-2a0f5e9c4b7d4e1f8a3c6b9d0e2f4a61", ModelType.OpenSource, request);
        Console.WriteLine($"dockStatusId: {deployment.Id}"); // keep it to resume the wait elsewhere
        // </snippet:plain-construction>

        // <snippet:watch>
        await foreach (DockStatus status in deployment.WatchAsync())
        {
            Console.WriteLine($"{DateTime.Now:T} {status.Status}");
        }
        // </snippet:watch>

        // <snippet:resume>
        DockOperation resumed = client.GetDockOperation(deployment.Id); // in another process: the id is all it needs
        DockStatus final = await resumed.WaitForCompletionAsync();
        // </snippet:resume>

        // <snippet:errors>
        try
        {
            await client.UndeployAndWaitAsync("cm-2a0f5e9c4b7d4e1f8a3c6b9d0e2f4a61");
        }
        catch (KoreValidationException ex)
        {
            foreach (var error in ex.Errors) Console.WriteLine($"{error.Path}: {error.Message}"); // nothing was sent
        }
        catch (KoreJobFailedException ex)
        {
            Console.WriteLine($"Job {ex.DockStatusId} failed: {ex.VendorMessage}");
        }
        catch (KoreJobTimeoutException ex)
        {
            Console.WriteLine($"Still running; resume with GetDockOperation(\"{ex.DockStatusId}\")");
        }
        catch (KoreApiException ex) when (ex.RequestMayHaveBeenProcessed)
        {
            Console.WriteLine("The job may have started anyway; check the model before calling again: " + ex.Message);
        }
        catch (KoreApiException ex) when (ex.Kind == KoreErrorKind.Authentication)
        {
            Console.WriteLine("Check KORE_API_KEY: " + ex.Message);
        }
        catch (KoreApiException ex)
        {
            Console.WriteLine($"{ex.Kind} ({ex.Status}): {ex.ServiceMessage ?? ex.Message} request id {ex.RequestId}");
        }
        // </snippet:errors>

        return final;
    }
}
