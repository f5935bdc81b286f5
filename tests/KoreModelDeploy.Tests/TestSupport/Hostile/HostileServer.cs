using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KoreModelDeploy.Tests.TestSupport.Hostile;

/// <summary>
/// The suite's one raw-socket hostile server: a <see cref="TcpListener"/> on a loopback address that reads each request
/// and writes back exactly the bytes its script gives, malformed ones included (Kestrel will not send a header line
/// without a colon). It serves as the configured host on <c>127.0.0.1</c>, as another host on <c>127.0.0.2</c>, or as a
/// proxy on <c>127.0.0.3</c>, and records every request it read. Every answer closes its connection, so no test depends
/// on connection reuse.
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
    public static readonly IPAddress Service = IPAddress.Loopback;
    public static readonly IPAddress OtherHost = IPAddress.Parse("127.0.0.2");
    public static readonly IPAddress Proxy = IPAddress.Parse("127.0.0.3");

    private const int MaxHeaderBytes = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly Func<HostileRequest, HostileReply> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<HostileRequest> _requests = new();
    private readonly Task _acceptLoop;
    private int _connections;

    private HostileServer(IPAddress address, Func<HostileRequest, HostileReply> script)
    {
        _script = script;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseAddress = new Uri($"http://{address}:{port}");
        _acceptLoop = AcceptAsync();
    }

    /// <summary>The server's address, <c>http://127.0.0.x:port</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Every request read, in order.</summary>
    public IReadOnlyList<HostileRequest> Requests => [.. _requests];

    /// <summary>Connections accepted, including ones that never sent a readable request (a TLS handshake, say).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Starts a server that answers every request as the script says.</summary>
    public static HostileServer Start(IPAddress address, Func<HostileRequest, HostileReply> script) => new(address, script);

    /// <summary>Starts a server that answers every request with the same reply.</summary>
    public static HostileServer Start(IPAddress address, HostileReply reply) => new(address, _ => reply);

    /// <summary>A port on <paramref name="address"/> that nothing listens on: connecting to it is refused.</summary>
    public static int ClosedPort(IPAddress address)
    {
        var probe = new TcpListener(address, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>The absolute URL of <paramref name="pathAndQuery"/> on this server.</summary>
    public string Url(string pathAndQuery) => new Uri(BaseAddress, pathAndQuery).AbsoluteUri;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopping the listener ends the accept loop this way.
        }

        _stop.Dispose();
    }

    private Task AcceptAsync() => AcceptLoop.RunAsync(
        _listener.AcceptTcpClientAsync,
        client =>
        {
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
            return Task.CompletedTask;
        },
        _stop.Token);

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, _stop.Token);
                if (request is null)
                {
                    return;
                }

                _requests.Enqueue(request);
                var reply = _script(request);
                if (reply.Bytes is { } bytes)
                {
                    await stream.WriteAsync(bytes, _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                }

                // Closing with unread data pending would send a reset; the client has finished sending by now.
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client gave up or the test ended: nothing to answer.
            }
        }
    }

    /// <summary>Reads one HTTP/1.1 request; null when what arrived is not one (a TLS handshake, a closed connection).</summary>
    private static async Task<HostileRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            var n = await stream.ReadAsync(chunk, cancellationToken);
            if (n == 0 || buffer.Length > MaxHeaderBytes)
            {
                return null;
            }

            // A TLS handshake (a record starting 0x16) is not HTTP: closing at once ends it on the client's side.
            if (buffer.Length == 0 && chunk[0] is < (byte)'A' or > (byte)'Z')
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        var all = buffer.ToArray();
        var head = Encoding.Latin1.GetString(all, 0, headerEnd);
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/", StringComparison.Ordinal))
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        var body = new MemoryStream();
        body.Write(all, headerEnd + 4, all.Length - headerEnd - 4);
        if (headers.TryGetValue("Content-Length", out var declared) && int.TryParse(declared, out var length))
        {
            while (body.Length < length)
            {
                var n = await stream.ReadAsync(chunk, cancellationToken);
                if (n == 0)
                {
                    break;
                }

                body.Write(chunk, 0, n);
            }
        }

        return new HostileRequest(requestLine[0], requestLine[1], headers, body.ToArray());
    }

    private static int IndexOfHeaderEnd(MemoryStream buffer) =>
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\r\n\r\n"u8);
}
