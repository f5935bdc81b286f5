using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// A raw-socket stand-in for the service on 127.0.0.1: each request is answered with exactly the bytes the script
/// returns for its request line (<c>POST /api/…</c>), then the connection is closed. For answers no real service or
/// emulator gives: malformed framing, hostile texts.
/// </summary>
internal sealed class HostileService : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<string, string> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public HostileService(Func<string, string> script)
    {
        _script = script;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptAsync);
    }

    public Uri BaseAddress { get; }

    /// <summary>How many requests were answered.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop this way.
        }

        _stop.Dispose();
    }

    private Task AcceptAsync() => AcceptLoop.RunAsync(
        _listener.AcceptTcpClientAsync,
        client =>
        {
            _ = Task.Run(() => AnswerAsync(client));
            return Task.CompletedTask;
        },
        _stop.Token);

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[64 * 1024];
            var read = 0;
            int headEnd;
            while ((headEnd = Encoding.Latin1.GetString(buffer, 0, read).IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), _stop.Token);
                if (n == 0)
                {
                    return;
                }

                read += n;
            }

            var head = Encoding.Latin1.GetString(buffer, 0, headEnd);
            var length = head.Split("\r\n")
                .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
                .FirstOrDefault();
            while (read < headEnd + 4 + length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), _stop.Token);
                if (n == 0)
                {
                    return;
                }

                read += n;
            }

            var requestLine = head.Split("\r\n")[0];
            var answer = _script(requestLine[..requestLine.LastIndexOf(' ')]);
            Interlocked.Increment(ref _requests);
            await stream.WriteAsync(Encoding.Latin1.GetBytes(answer), _stop.Token);
        }
    }

    /// <summary>A complete JSON answer that closes the connection.</summary>
    public static string Json(int status, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return $"HTTP/1.1 {status} Status\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n" + Encoding.Latin1.GetString(body);
    }
}
