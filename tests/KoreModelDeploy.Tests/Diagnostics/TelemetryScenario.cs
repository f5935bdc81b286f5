using System.Net;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.Polling;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Diagnostics;

/// <summary>A client over MockHttp and a virtual clock, with the answers the telemetry tests script.</summary>
internal sealed class TelemetryScenario
{
    public const string AcceptedId = "ds-accepted";

    public TelemetryScenario()
    {
        Client = TestClients.Create(Mock, o => o.Polling = PollingTestContext.Exact, timeProvider: Clock);
    }

    public MockHttpMessageHandler Mock { get; } = TestClients.StrictMock();

    public TestClock Clock { get; } = new();

    public ModelDeploymentClient Client { get; }

    public static string AcceptedStatusUrl => $"{TestClients.Host}/api/public/dock-status/{AcceptedId}";

    public void AcceptDeploy() =>
        Mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, TestClients.AcceptedJson)));

    public void AnswerStatus(params Func<HttpResponseMessage>[] answers) =>
        Mock.When(HttpMethod.Get, AcceptedStatusUrl).Respond(ResponseScript.Of(answers));

    public static HttpResponseMessage Status(string status, string? message = null)
    {
        var messageJson = message is null ? "" : $",\"message\":\"{message}\"";
        return Responses.Json(HttpStatusCode.OK,
            $$"""{"_id":"{{AcceptedId}}","modelId":"{{TestIds.ModelId}}","jobType":"MODELS","action":"DEPLOY","status":"{{status}}"{{messageJson}}}""");
    }

    /// <summary>
    /// Deploys and waits on simulated time, moving it a second at a time: on a busy machine a poll still on its way can
    /// look idle for a moment, and a step then costs a second instead of a jump to the wait's one-hour timeout.
    /// </summary>
    public async Task<DockStatus> DeployAndWaitAsync()
    {
        var wait = Client.DeployAndWaitAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);
        await Clock.RunAsync(wait, step: TimeSpan.FromSeconds(1));
        return await wait;
    }
}
