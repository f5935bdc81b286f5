using System.Net;
using System.Net.Http.Headers;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Transport;

/// <summary><c>Retry-After</c> sets the wait before a retry, up to <see cref="KoreRetryOptions.MaxDelay"/>; a longer one is surfaced.</summary>
public class RetryAfterTests
{
    [Fact]
    public async Task Get_waits_exactly_the_seconds_the_service_asks_for()
    {
        var time = new TestClock();
        var mock = TestClients.StrictMock();
        var script = new ResponseScript(
            ResponseScript.Answer(() => Responses.RetryAfterSeconds(503, 5)),
            ResponseScript.Answer(() => Responses.Json(HttpStatusCode.OK, TestClients.InProgressStatusJson)));
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(script);
        var client = TestClients.Create(mock, timeProvider: time);

        var call = client.GetDockStatusAsync(TestIds.DockStatusId);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(50);
        script.Count.Should().Be(1, "the retry waits for the full Retry-After");
        call.IsCompleted.Should().BeFalse();

        time.Advance(TimeSpan.FromSeconds(0.1));
        var status = await Eventually.Within(call);
        status.Status.Should().Be(DockJobStatus.InProgress);
        script.Count.Should().Be(2);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        var time = new TestClock();
        var mock = TestClients.StrictMock();
        var script = new ResponseScript(
            ResponseScript.Answer(() =>
            {
                var response = Responses.Status(429);
                response.Headers.RetryAfter = new RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(8));
                return response;
            }),
            ResponseScript.Answer(() => Responses.Json(HttpStatusCode.OK, TestClients.AcceptedJson)));
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(script);
        var client = TestClients.Create(mock, timeProvider: time);

        var call = client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(8));
        script.Count.Should().Be(1);

        time.Advance(TimeSpan.FromSeconds(8));
        (await Eventually.Within(call)).DockStatusId.Should().Be("ds-accepted");
        script.Count.Should().Be(2);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task Retry_after_beyond_max_delay_is_surfaced_not_waited(string method)
    {
        var time = new TestClock();
        var mock = TestClients.StrictMock();
        var script = ResponseScript.Of(() => Responses.RetryAfterSeconds(429, 120));
        var url = method == "GET" ? TestClients.DockStatusUrl : TestClients.DeployUrl();
        mock.When(new HttpMethod(method), url).Respond(script);
        var client = TestClients.Create(mock, o => o.Retry.MaxDelay = TimeSpan.FromSeconds(30), timeProvider: time);

        Task call = method == "GET"
            ? client.GetDockStatusAsync(TestIds.DockStatusId)
            : client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        var exception = await Eventually.Within(call.ContinueWith(t => t.Exception?.InnerException, TaskScheduler.Default));
        exception.Should().BeOfType<KoreApiException>().Which.Kind.Should().Be(KoreErrorKind.RateLimited);
        ((KoreApiException)exception!).RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
        script.Count.Should().Be(1);
        time.DueTimes.Should().NotContain(TimeSpan.FromSeconds(120));
    }
}
