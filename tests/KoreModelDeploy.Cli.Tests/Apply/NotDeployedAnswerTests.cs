using System.Net;
using System.Text;
using KoreModelDeploy.Cli.Apply;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>Which 404 of an undeploy means "not deployed": the answers go through the SDK, as apply meets them.</summary>
public sealed class NotDeployedAnswerTests
{
    [Fact]
    public async Task The_vendors_JSON_error_document_on_a_404_means_not_deployed()
    {
        var failure = await UndeployAnsweredWith(HttpStatusCode.NotFound, "application/json", """{"errors":[{"msg":"Model cm-1 is not deployed","code":404}]}""");

        NotDeployedAnswer.Matches(failure).Should().BeTrue(failure.ToString());
    }

    [Theory]
    [InlineData(404, "text/html", "<html><body><h1>404 Not Found</h1><hr><center>nginx</center></body></html>")]
    [InlineData(404, "application/json", """{"message":"no Route matched with those values"}""")]
    [InlineData(404, "application/json", """{"errors":[{"msg":"Model cm-1 is not deployed"}]}""")]
    [InlineData(404, "text/plain", "")]
    [InlineData(404, "text/plain", "Not Found")]
    [InlineData(400, "application/json", """{"errors":[{"msg":"modelId is invalid","code":400}]}""")]
    [InlineData(502, "application/json", """{"errors":[{"msg":"Bad Gateway","code":502}]}""")]
    public async Task Any_other_answer_stays_an_API_error(int status, string contentType, string body)
    {
        var failure = await UndeployAnsweredWith((HttpStatusCode)status, contentType, body);

        NotDeployedAnswer.Matches(failure).Should().BeFalse("a gateway's, a proxy's or another status's answer says nothing about the model: " + failure);
    }

    [Fact]
    public void A_failure_that_is_not_an_answer_is_never_read_as_one()
    {
        NotDeployedAnswer.Matches(new HttpRequestException("connection refused")).Should().BeFalse();
        NotDeployedAnswer.Matches(new KoreApiException("no answer", KoreErrorKind.Network)).Should().BeFalse();
    }

    private static async Task<KoreApiException> UndeployAnsweredWith(HttpStatusCode status, string contentType, string body)
    {
        using var http = new HttpClient(new Answering(status, contentType, body));
        var client = new ModelDeploymentClient(http, new KoreModelDeployOptions { Host = new Uri("https://platform.example.test"), ApiKey = "kg-test-not-deployed" });
        var call = () => client.StartUndeployAsync("cm-1");
        return (await call.Should().ThrowAsync<KoreApiException>()).Which;
    }

    private sealed class Answering(HttpStatusCode status, string contentType, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType), RequestMessage = request });
    }
}
