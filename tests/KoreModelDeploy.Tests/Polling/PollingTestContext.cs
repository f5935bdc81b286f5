using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Polling;

/// <summary>A client wired to a scripted job and a virtual clock.</summary>
internal sealed class PollingTestContext
{
    public const string ApiKey = "kg-polling-test-key-5f1e";

    public PollingTestContext(DockPollingOptions? polling = null, Action<KoreModelDeployOptions>? configure = null)
    {
        Clock = new TestClock();
        Job = new ScriptedJob(Clock);
        Client = CreateClient(polling, configure);
    }

    public TestClock Clock { get; }

    public ScriptedJob Job { get; }

    public ModelDeploymentClient Client { get; }

    /// <summary>The default schedule without jitter, so delays are exact; a new instance each time, as options are mutable.</summary>
    public static DockPollingOptions Exact => new() { Jitter = 0 };

    public static DeployModelRequest Request { get; } = new()
    {
        Name = "Flant5_model",
        HyperParameters = new HyperParameters { Temperature = 1, MaxTokens = 512, TopP = 1, TopK = 50, StopSequence = [] },
        DeviceType = DeviceType.G5XLarge,
    };

    /// <summary>A second, independent client over the same API, as another process would have.</summary>
    public ModelDeploymentClient CreateClient(DockPollingOptions? polling = null, Action<KoreModelDeployOptions>? configure = null, Microsoft.Extensions.Logging.ILoggerFactory? loggers = null)
    {
        var options = new KoreModelDeployOptions
        {
            Host = new Uri("https://kore.example"),
            ApiKey = ApiKey,
            Polling = polling ?? Exact,
        };
        configure?.Invoke(options);
        return new ModelDeploymentClient(new HttpClient(Job.CreateHandler()), options, loggers, Clock);
    }

    public Task<T> RunAsync<T>(Task<T> task) => Clock.RunAsync(task, () => Job.IsBusy);

    public Task RunAsync(Task task) => Clock.RunAsync(task, () => Job.IsBusy);
}
