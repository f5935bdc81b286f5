using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KoreModelDeploy.Tests.TestSupport;
using KoreModelDeploy.Transport;

namespace KoreModelDeploy.Tests.Transport;

/// <summary>
/// The attempt timeout on the system clock, where attempts share deadlines, over a real socket: a server sends an
/// answer's headers and one byte of its body, then holds the connection open without another byte.
/// </summary>
public sealed class SystemClockAttemptTimeoutTests
{
    // Long enough for the server to send the headers first, even on a busy machine, so the attempt waits for its body.
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_body_that_stops_arriving_ends_the_attempt_at_its_timeout_not_before()
    {
        await using var server = StalledAnswerServer.Start();
        var client = CreateClient(server);

        var clock = Stopwatch.StartNew();
        var error = await FluentActions.Awaiting(() => client.GetDockStatusAsync(TestIds.DockStatusId)).Should().ThrowAsync<KoreApiException>();
        clock.Stop();

        error.Which.Kind.Should().Be(KoreErrorKind.Timeout);
        error.Which.Attempts.Should().Be(1);
        error.Which.Message.Should().Contain("no answer within 1 s");

        // Timers count whole milliseconds, so the lower bound allows for a few; the upper one only catches a deadline
        // never kept, as a busy machine can run a fired timer's continuation late.
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(AttemptTimeout - TimeSpan.FromMilliseconds(5));
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20));
        await Eventually.WaitUntilAsync(() => server.Requests == 1, "the request arrived");
    }

    [Fact]
    public async Task Cancelling_one_call_leaves_the_deadline_it_shares_with_another_call_alone()
    {
        await using var server = StalledAnswerServer.Start();
        var client = CreateClient(server);
        using var caller = new CancellationTokenSource();

        var clock = Stopwatch.StartNew();
        var cancelled = client.GetDockStatusAsync(TestIds.DockStatusId, caller.Token);
        var other = client.GetDockStatusAsync("ds-0123456789abcdee");
        await caller.CancelAsync();

        await FluentActions.Awaiting(() => cancelled).Should().ThrowAsync<OperationCanceledException>();
        var error = await FluentActions.Awaiting(() => other).Should().ThrowAsync<KoreApiException>();
        clock.Stop();

        // Had the cancellation reached the deadline both calls share, the other call would have ended at once, as a timeout.
        error.Which.Kind.Should().Be(KoreErrorKind.Timeout);
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(AttemptTimeout - TimeSpan.FromMilliseconds(5));
    }

    private static ModelDeploymentClient CreateClient(StalledAnswerServer server) =>
        new(
            new HttpClient(KoreHttpHandlers.CreateShared(LoopbackBypassProxy.Platform)) { Timeout = Timeout.InfiniteTimeSpan },
            new KoreModelDeployOptions
            {
                Host = server.BaseAddress,
                ApiKey = TestClients.ApiKey,
                Timeout = TimeSpan.FromSeconds(30),
                AttemptTimeout = AttemptTimeout,
                Retry = { MaxRetries = 0 },
            });

    private sealed class StalledAnswerServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TcpClient> _held = [];
        private readonly Task _acceptLoop;
        private int _requests;

        private StalledAnswerServer()
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
            _acceptLoop = AcceptLoop.RunAsync(
                _listener.AcceptTcpClientAsync,
                client =>
                {
                    _ = ServeAsync(client);
                    return Task.CompletedTask;
                },
                _stop.Token);
        }

        public Uri BaseAddress { get; }

        public int Requests => Volatile.Read(ref _requests);

        public static StalledAnswerServer Start() => new();

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _acceptLoop;
            lock (_held)
            {
                _held.ForEach(c => c.Dispose());
            }

            _stop.Dispose();
        }

        private async Task ServeAsync(TcpClient client)
        {
            lock (_held)
            {
                _held.Add(client);
            }

            try
            {
                await AnswerHeadAsync(client.GetStream());
            }

            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client gave up or the test ended.
            }
        }

        private async Task AnswerHeadAsync(NetworkStream stream)
        {
            var buffer = new byte[8192];
            var head = new StringBuilder();
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    return;
                }

                head.Append(Encoding.Latin1.GetString(buffer, 0, n));
            }

            Interlocked.Increment(ref _requests);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"u8.ToArray(), _stop.Token);
            await stream.FlushAsync(_stop.Token);
        }
    }
}
