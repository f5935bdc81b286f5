using KoreModelDeploy.Models;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>Clients over MockHttp with settings that never make a test wait on a real clock.</summary>
public static class TestClients
{
    public const string Host = "https://agent-platform.example.test";

    /// <summary>A key distinctive enough that finding it anywhere in text can only mean it leaked.</summary>
    public const string ApiKey = "kg-LEAKCHECK-7f3a9c2e-41d8-4b6e-a0f5-SECRET";

    public static string DeployUrl(string modelType = "openSource") =>
        $"{Host}/api/public/models/{TestIds.ModelId}/deploy?modelType={modelType}";

    public static string UndeployUrl => $"{Host}/api/public/models/{TestIds.ModelId}/undeploy";

    public static string DockStatusUrl => $"{Host}/api/public/dock-status/{TestIds.DockStatusId}";

    public static KoreModelDeployOptions Options(Action<KoreModelDeployOptions>? configure = null)
    {
        var options = new KoreModelDeployOptions
        {
            Host = new Uri(Host),
            ApiKey = ApiKey,
            Retry = new KoreRetryOptions { Delay = TimeSpan.Zero, UseJitter = false },
        };
        configure?.Invoke(options);
        return options;
    }

    public static ModelDeploymentClient Create(
        MockHttpMessageHandler mock,
        Action<KoreModelDeployOptions>? configure = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null) =>
        new(mock.ToHttpClient(), Options(configure), loggerFactory, timeProvider ?? new IsolatedClock());

    /// <summary>A mock whose unmatched requests fail loudly instead of answering MockHttp's default 404.</summary>
    public static MockHttpMessageHandler StrictMock()
    {
        var mock = new MockHttpMessageHandler();
        mock.Fallback.Throw(new InvalidOperationException("The test did not expect this request."));
        return mock;
    }

    /// <summary>A request that passes every documented rule, to vary one field at a time.</summary>
    public static DeployModelRequest ValidRequest => new()
    {
        Name = "flan-t5-small",
        HyperParameters = new HyperParameters { Temperature = 0.7, MaxTokens = 256, TopP = 0.9, TopK = 40 },
        DeviceType = DeviceType.G4dnXLarge,
    };

    public const string AcceptedJson = $$"""{"dock-statusId":"ds-accepted","modelId":"{{TestIds.ModelId}}","jobType":"MODELS","action":"DEPLOY","status":"IN_PROGRESS"}""";

    public const string InProgressStatusJson = $$"""{"_id":"{{TestIds.DockStatusId}}","modelId":"{{TestIds.ModelId}}","jobType":"MODELS","action":"DEPLOY","status":"IN_PROGRESS"}""";
}
