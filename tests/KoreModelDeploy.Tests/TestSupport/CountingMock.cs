using System.Net;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>A MockHttp handler that accepts any request with a valid deploy answer and counts what reached it.</summary>
public sealed class CountingMock
{
    private readonly MockedRequest _any;

    public CountingMock(string answerJson = TestClients.AcceptedJson)
    {
        Handler = new MockHttpMessageHandler();
        Script = ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, answerJson));
        _any = Handler.When("*").Respond(Script);
    }

    public MockHttpMessageHandler Handler { get; }

    public ResponseScript Script { get; }

    /// <summary>Requests MockHttp matched: the number that would have gone over the wire.</summary>
    public int RequestCount => Handler.GetMatchCount(_any);

    public ModelDeploymentClient Client(Action<KoreModelDeployOptions>? configure = null) => TestClients.Create(Handler, configure);
}
