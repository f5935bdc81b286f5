using KoreModelDeploy.Models;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Tests.Reliability.Support;

/// <summary>Shared inputs of the reliability tests: one distinctive key, one valid request, one way to build a client.</summary>
internal static class ReliabilitySetup
{
    /// <summary>Distinctive enough that finding it anywhere in captured output can only mean a leak.</summary>
    public const string ApiKey = "kg-RELIABILITY-7c3f9e1d-SECRET-0b8a44";

    public static readonly Uri Host = new("https://kore.example");

    public static DeployModelRequest Request { get; } = new()
    {
        Name = "Flant5_model",
        HyperParameters = new HyperParameters { Temperature = 1, MaxTokens = 512, TopP = 1, TopK = 50, StopSequence = [] },
        ScalingParameters = new ScalingParameters { MaxBatchSize = 10, MinReplicas = 1, MaxReplicas = 2, ScaleUpDelay = 30, ScaleDownDelay = 600 },
        DeviceType = DeviceType.G5XLarge,
    };

    /// <summary>Options with deterministic (jitter-free) retry and polling schedules.</summary>
    public static KoreModelDeployOptions Options(Action<KoreModelDeployOptions>? configure = null)
    {
        var options = new KoreModelDeployOptions
        {
            Host = Host,
            ApiKey = ApiKey,
            AttemptTimeout = TimeSpan.FromSeconds(5),
            Retry = new KoreRetryOptions { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(500), UseJitter = false },
            Polling = new DockPollingOptions
            {
                InitialDelay = TimeSpan.FromSeconds(1.5),
                Multiplier = 1,
                MaxDelay = TimeSpan.FromSeconds(1.5),
                Jitter = 0,
                Timeout = TimeSpan.FromSeconds(40),
                MaxConsecutiveFailures = 3,
            },
        };
        configure?.Invoke(options);
        return options;
    }

    public static ModelDeploymentClient Client(HttpMessageHandler handler, TimeProvider time, KoreModelDeployOptions? options = null, ILoggerFactory? loggers = null) =>
        new(new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, options ?? Options(), loggers, time);
}
