using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Transport;

/// <summary>The caller's cancellation ends a call at once, as <see cref="OperationCanceledException"/>, never as an API error.</summary>
public class CancellationTests
{
    [Fact]
    public async Task Cancelling_a_request_in_flight_ends_it_promptly()
    {
        var mock = TestClients.StrictMock();
        var script = new ResponseScript(ResponseScript.Hang);
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(script);
        using var cts = new CancellationTokenSource();

        var call = TestClients.Create(mock).DeployAsync(TestClients.ModelId, ModelType.OpenSource, TestClients.ValidRequest, cts.Token);
        await Eventually.WaitUntilAsync(() => script.Count == 1, "the request");
        await cts.CancelAsync();

        var act = () => Eventually.Within(call);
        await act.Should().ThrowAsync<OperationCanceledException>();
        script.Count.Should().Be(1);
    }

    [Fact]
    public async Task Cancelling_during_a_retry_delay_ends_the_call_without_another_attempt()
    {
        var time = new TestClock();
        var mock = TestClients.StrictMock();
        var script = ResponseScript.Of(() => Responses.RetryAfterSeconds(503, 20));
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(script);
        using var cts = new CancellationTokenSource();

        var call = TestClients.Create(mock, timeProvider: time).GetDockStatusAsync(TestClients.DockStatusId, cts.Token);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(20));
        await cts.CancelAsync();

        var act = () => Eventually.Within(call);
        await act.Should().ThrowAsync<OperationCanceledException>();
        script.Count.Should().Be(1);
    }

    [Fact]
    public async Task Already_cancelled_token_sends_nothing()
    {
        var mock = new CountingMock();

        var act = () => mock.Client().DeployAsync(TestClients.ModelId, ModelType.OpenSource, TestClients.ValidRequest, new CancellationToken(canceled: true));

        await act.Should().ThrowAsync<OperationCanceledException>();
        mock.RequestCount.Should().Be(0);
    }
}
