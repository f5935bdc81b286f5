using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Transport;

/// <summary>The caller's cancellation ends a call at once, as <see cref="OperationCanceledException"/>, never as an API error.</summary>
public class CancellationTests
{
    // A request cancelled in flight is covered, with every other place a call can be cancelled, by
    // Reliability/Cancellation/CancellationTests.

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
    public async Task An_answer_left_when_the_caller_cancels_before_the_retry_is_released()
    {
        var mock = TestClients.StrictMock();
        using var cts = new CancellationTokenSource();
        var body = new CancelOnLastReadContent("{\"errors\":[{\"msg\":\"busy\"}]}"u8.ToArray(), cts);
        var script = ResponseScript.Of(() => new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) { Content = body });
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(script);

        var act = () => Eventually.Within(TestClients.Create(mock).GetDockStatusAsync(TestClients.DockStatusId, cts.Token));

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

        var act = () => Eventually.Within(TestClients.Create(mock).DeployAsync(TestClients.ModelId, ModelType.OpenSource, TestClients.ValidRequest, cts.Token));

        var canceled = (await act.Should().ThrowAsync<OperationCanceledException>()).Which;
        canceled.CancellationToken.Should().Be(cts.Token);
        canceled.InnerException.Should().BeOfType<IOException>();
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

/// <summary>
/// A body that cancels the caller's token as its last bytes are read, ignoring the token itself as some handlers do, so
/// the attempt ends with a full answer and the cancellation is seen only afterwards.
/// </summary>
internal sealed class CancelOnLastReadContent(byte[] bytes, CancellationTokenSource cancel) : HttpContent
{
    public bool Disposed { get; private set; }

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new CancellingStream(bytes, cancel));

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes, 0, bytes.Length);

    protected override bool TryComputeLength(out long length)
    {
        length = bytes.Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private sealed class CancellingStream(byte[] bytes, CancellationTokenSource cancel) : MemoryStream(bytes, writable: false)
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(CancelAtTheEnd(Read(buffer, offset, count)));

#if NET
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(CancelAtTheEnd(Read(buffer.Span)));
#endif

        private int CancelAtTheEnd(int read)
        {
            if (Position == Length)
            {
                cancel.Cancel();
            }

            return read;
        }
    }
}
