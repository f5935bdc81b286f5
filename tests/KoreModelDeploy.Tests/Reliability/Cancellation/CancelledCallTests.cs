using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Reliability.Cancellation;

/// <summary>The caller's cancellation ends a call at once, as <see cref="OperationCanceledException"/>, never as an API error.</summary>
public class CancelledCallTests
{
    // Where a call can be cancelled (in a request, a retry delay, a poll delay) is covered by CancellationTests; these
    // are what a cancellation leaves behind: the answer it interrupted, a read that failed because of it, nothing sent.

    [Fact]
    public async Task An_answer_left_when_the_caller_cancels_before_the_retry_is_released()
    {
        var mock = TestClients.StrictMock();
        using var cts = new CancellationTokenSource();
        var body = new CancelOnLastReadContent("{\"errors\":[{\"msg\":\"busy\"}]}"u8.ToArray(), cts);
        var script = ResponseScript.Of(() => new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) { Content = body });
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(script);

        var act = () => Eventually.Within(TestClients.Create(mock).GetDockStatusAsync(TestIds.DockStatusId, cts.Token));

        await act.Should().ThrowAsync<OperationCanceledException>();
        script.Count.Should().Be(1, "the retry was never sent");
        body.Disposed.Should().BeTrue("the 503 the retry never took over still holds a connection until disposed");
    }

    [Fact]
    public async Task A_read_that_fails_because_the_caller_cancelled_is_reported_as_cancellation()
    {
        // .NET Framework ends a cancelled read by disposing the stream, so the failure is an IOException, not a
        // cancellation; the caller still asked for it, so it must not become a network error.
        var mock = TestClients.StrictMock();
        using var cts = new CancellationTokenSource();
        var script = new ResponseScript(_ =>
        {
            cts.Cancel();
            throw new IOException("Cannot access a disposed object.");
        });
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(script);

        var act = () => Eventually.Within(TestClients.Create(mock).DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest, cts.Token));

        var canceled = (await act.Should().ThrowAsync<OperationCanceledException>()).Which;
        canceled.CancellationToken.Should().Be(cts.Token);
        canceled.InnerException.Should().BeOfType<IOException>();
        script.Count.Should().Be(1);
    }

    [Fact]
    public async Task Already_cancelled_token_sends_nothing()
    {
        var mock = new CountingMock();

        var act = () => mock.Client().DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest, new CancellationToken(canceled: true));

        await act.Should().ThrowAsync<OperationCanceledException>();
        mock.RequestCount.Should().Be(0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_call_cancelled_while_it_waits_for_its_answer_names_the_callers_token(bool systemClock)
    {
        // HttpClient's own cancellation names the token it was given, which joins the caller's to the attempt's deadline.
        using var cts = new CancellationTokenSource();
        var handler = new CancelThenWaitHandler(cts);
        var client = new ModelDeploymentClient(new HttpClient(handler), TestClients.Options(), timeProvider: systemClock ? TimeProvider.System : new IsolatedClock());

        var act = () => Eventually.Within(client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest, cts.Token));

        var canceled = (await act.Should().ThrowAsync<OperationCanceledException>()).Which;
        canceled.CancellationToken.Should().Be(cts.Token, "a caller that matches its own token must find it");
        handler.Calls.Should().Be(1);
    }

    /// <summary>Cancels the caller's token once a request arrives, then waits for the request's own cancellation.</summary>
    private sealed class CancelThenWaitHandler(CancellationTokenSource caller) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            caller.Cancel();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("The request's token was never cancelled.");
        }
    }
}
