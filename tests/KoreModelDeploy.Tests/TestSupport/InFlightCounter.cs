namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>
/// Counts the requests the handler it wraps has not yet answered or given up on, to show that nothing is left running
/// once a call has ended.
/// </summary>
internal sealed class InFlightCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
