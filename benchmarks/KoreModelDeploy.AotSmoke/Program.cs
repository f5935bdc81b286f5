using System.Diagnostics;
using KoreModelDeploy;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;

// Deploy, wait for SUCCESS, undeploy and wait again, against the emulator in this process: the whole client path
// (validation, JSON, resilience pipeline, polling) runs, so a trimmed or native build that lost any of it fails here.
var total = Stopwatch.StartNew();
await using var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions
{
    JobDuration = TimeSpan.FromMilliseconds(100),
    DockStatusRateLimitEnabled = false,
});

var client = new ModelDeploymentClient(new KoreModelDeployOptions { Host = emulator.BaseAddress, ApiKey = emulator.ApiKey });
var polling = new DockPollingOptions { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(100) };
var request = KoreModelDeployJson.ParseDeployModelRequest("""
    {
      "name": "Flant5_model",
      "hyperParameters": { "temperature": 1, "maxTokens": 512, "topP": 1, "topK": 50, "stopSequence": [] },
      "scalingParameters": { "maxBatchSize": 10, "minReplicas": 1, "maxReplicas": 2, "scaleUpDelay": 30, "scaleDownDelay": 600 },
      "deviceType": "g5.xlarge",
      "optimizationInfo": { "optimizationType": "", "quantizationType": "" },
      "isDeployedPreviouly": true
    }
    """);

var deployed = await client.DeployAndWaitAsync("cm-aot-smoke", ModelType.OpenSource, request, polling);
var undeployed = await client.UndeployAndWaitAsync("cm-aot-smoke", polling);
total.Stop();

Console.WriteLine($"deploy {deployed.Action} {deployed.Status}; undeploy {undeployed.Action} {undeployed.Status}; {total.Elapsed.TotalMilliseconds:0} ms in process");
return deployed.Status == DockJobStatus.Success && undeployed.Status == DockJobStatus.Success ? 0 : 1;
