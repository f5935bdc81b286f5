using System.Net;

namespace KoreModelDeploy.Tests.Reliability.Cancellation;

/// <summary>A fake API whose answers are scripted per call, and which can hang until the request is cancelled.</summary>
internal sealed class BlockingHandler(Func<int, HttpRequestMessage, HttpResponseMessage?> answer) : HttpMessageHandler
{
    private int _calls;
    private int _inFlight;

    public int Calls => Volatile.Read(ref _calls);

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>An answer of null means: never answer, wait for cancellation.</summary>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        Interlocked.Increment(ref _inFlight);
        try
        {
            if (answer(call, request) is { } response)
            {
                return response;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException("unreachable");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
