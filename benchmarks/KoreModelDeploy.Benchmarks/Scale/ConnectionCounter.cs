using System.Net.Sockets;

namespace KoreModelDeploy.Benchmarks.Scale;

/// <summary>A <see cref="SocketsHttpHandler"/> whose TCP connects are counted, to prove that connections are reused.</summary>
public sealed class ConnectionCounter
{
    private int _opened;

    public int Opened => Volatile.Read(ref _opened);

    /// <param name="maxConnections">The handler's connection limit; 0 keeps the default (no limit).</param>
    public SocketsHttpHandler CreateHandler(int maxConnections) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxConnectionsPerServer = maxConnections > 0 ? maxConnections : int.MaxValue,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            Interlocked.Increment(ref _opened);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };
}
