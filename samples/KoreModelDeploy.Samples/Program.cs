using KoreModelDeploy;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Samples;
using KoreModelDeploy.Samples.Snippets;

// Runs the deploy → watch → undeploy walkthrough on the embedded emulator, or on a real environment when
// KORE_HOST and KORE_API_KEY are set. `di` and `plain` run the README snippets on the emulator instead.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    var mode = args.Length > 0 ? args[0] : "walkthrough";
    if (mode is "di" or "plain")
    {
        await using var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions { JobDuration = TimeSpan.FromSeconds(1) }, cancellation.Token);
        var status = mode == "di"
            ? await DependencyInjectionSnippet.RunAsync(
                new Dictionary<string, string?>
                {
                    ["KoreModelDeploy:Host"] = emulator.BaseAddress.ToString(),
                    ["KoreModelDeploy:ApiKey"] = emulator.ApiKey,
                    ["KoreModelDeploy:Polling:InitialDelay"] = "00:00:00.250",
                    ["KoreModelDeploy:Polling:MaxDelay"] = "00:00:00.500",
                },
                await KoreModelDeployJson.ParseDeployModelRequestAsync(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "flan-t5-deploy.json")), cancellation.Token))
            : await PlainConstructionSnippet.RunAsync(emulator.BaseAddress, emulator.ApiKey);
        return status.Status == KoreModelDeploy.Models.DockJobStatus.Success ? 0 : 1;
    }

    var settings = SampleSettings.FromEnvironment(Environment.GetEnvironmentVariable);
    if (settings.UsesEmulator)
    {
        await using var emulator = await KoreEmulator.StartAsync(cancellationToken: cancellation.Token);
        Console.WriteLine($"No KORE_HOST set: using the embedded emulator at {emulator.BaseAddress}");
        var polling = new DockPollingOptions
        {
            InitialDelay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(1),
            Timeout = settings.WaitTimeout ?? TimeSpan.FromMinutes(1),
        };
        await RunAsync(settings with { Host = emulator.BaseAddress, ApiKey = emulator.ApiKey, UsesEmbeddedEmulator = true }, polling, cancellation.Token);
    }
    else
    {
        var polling = new DockPollingOptions();
        polling.Timeout = settings.WaitTimeout ?? polling.Timeout;
        await RunAsync(settings, polling, cancellation.Token);
    }

    Console.WriteLine("Done.");
    return 0;
}
catch (KoreJobFailedException ex)
{
    return Fail(2, $"the job failed: {ex.VendorMessage ?? "no message from the service"} (dockStatusId {ex.DockStatusId})");
}
catch (KoreValidationException ex)
{
    return Fail(3, "invalid request: " + string.Join("; ", ex.Errors));
}
catch (KoreApiException ex) when (ex.Kind == KoreErrorKind.Authentication)
{
    return Fail(4, "authentication failed, check KORE_API_KEY: " + OneLine(ex.Message));
}
catch (KoreApiException ex)
{
    return Fail(5, $"service error ({ex.Kind}): " + OneLine(ex.Message));
}
catch (KoreJobTimeoutException ex)
{
    return Fail(6, $"timed out; the job goes on, resume with KORE_DOCK_STATUS_ID={ex.DockStatusId}");
}
catch (SampleConfigurationException ex)
{
    return Fail(7, "configuration: " + ex.Message);
}
catch (ArgumentException ex)
{
    return Fail(7, "configuration: " + OneLine(ex.Message));
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    return Fail(7, "cannot read the deploy file: " + OneLine(ex.Message));
}
catch (OperationCanceledException)
{
    return Fail(130, "cancelled; the job goes on");
}

static async Task RunAsync(SampleSettings settings, DockPollingOptions polling, CancellationToken cancellationToken)
{
    var client = new ModelDeploymentClient(new KoreModelDeployOptions { Host = settings.Host, ApiKey = settings.ApiKey, Polling = polling });
    await new DeploymentWalkthrough(client, settings, polling, Console.Out).RunAsync(cancellationToken);
}

static int Fail(int exitCode, string reason)
{
    Console.Error.WriteLine("error: " + reason);
    return exitCode;
}

static string OneLine(string text) => text.ReplaceLineEndings(" ");
