using System.Net.Sockets;

namespace KoreModelDeploy.Testing;

/// <summary>
/// The accept loop of a test server: takes connections until the server stops, and hands each on. Linked into each test
/// project that runs a server of its own on a socket.
/// </summary>
internal static class AcceptLoop
{
    /// <summary>
    /// Accepts with <paramref name="accept"/> until <paramref name="stop"/> is cancelled, handing each connection to
    /// <paramref name="accepted"/>; the next is accepted once that returns.
    /// </summary>
    /// <remarks>
    /// A stop ends the loop quietly, whichever way it lands: cancelled while waiting for a connection, or between two
    /// accepts, where the stopped listener answers the next one with "not listening". Any other failure, or one before
    /// the stop, fails the server's task.
    /// </remarks>
    public static async Task RunAsync<TConnection>(Func<CancellationToken, ValueTask<TConnection>> accept, Func<TConnection, Task> accepted, CancellationToken stop)
    {
        while (true)
        {
            TConnection connection;
            try
            {
                connection = await accept(stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (stop.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                return;
            }

            await accepted(connection).ConfigureAwait(false);
        }
    }
}
