using System.Net;
using System.Net.Sockets;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// A TCP proxy on <c>127.0.0.2</c> in front of a port on <c>127.0.0.1</c>, which a test can cut as a network does: after
/// <see cref="Cut"/> every byte either way is read and dropped, and no socket is closed, so neither end hears anything
/// at all. Every connection it is offered is counted, before and after the cut.
/// </summary>
internal sealed class CuttableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private int _connections;
    private volatile bool _cut;

    private CuttableTcpProxy(int target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port the proxy listens on, on 127.0.0.2.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections clients have opened to the proxy so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Starts a proxy in front of <paramref name="targetPort"/> on 127.0.0.1.</summary>
    public static CuttableTcpProxy Start(int targetPort) => new(targetPort);

    /// <summary>From now on every byte is dropped, either way, and connections offered are accepted and left silent.</summary>
    public void Cut() => _cut = true;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private Task AcceptAsync() => AcceptLoop.RunAsync(_listener.AcceptSocketAsync, ConnectAsync, _stop.Token);

    // Joins an accepted connection to a new one to the target; the next connection is accepted once this returns.
    private async Task ConnectAsync(Socket client)
    {
        Interlocked.Increment(ref _connections);
        Keep(client);
        if (_cut)
        {
            _ = PumpAsync(client, null);
            return;
        }

        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Keep(server);
        try
        {
            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _target), _stop.Token);
        }
        catch (SocketException)
        {
            client.Dispose();
            return;
        }

        _ = PumpAsync(client, server);
        _ = PumpAsync(server, client);
    }

    private void Keep(Socket socket)
    {
        lock (_gate)
        {
            _sockets.Add(socket);
        }
    }

    /// <summary>Copies bytes from <paramref name="from"/> to <paramref name="to"/> until the cut, and drops them after it.</summary>
    private async Task PumpAsync(Socket from, Socket? to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    if (!_cut)
                    {
                        to?.Shutdown(SocketShutdown.Send);
                    }

                    return;
                }

                if (!_cut && to is not null)
                {
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The proxy is being disposed, or one end went away: the pump ends, as a network's would.
        }
    }
}
