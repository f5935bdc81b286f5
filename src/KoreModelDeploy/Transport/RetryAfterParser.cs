using System.Net.Http.Headers;

namespace KoreModelDeploy.Transport;

/// <summary>Reads <c>Retry-After</c> in both of its forms: seconds, or an HTTP date.</summary>
internal static class RetryAfterParser
{
    public static TimeSpan? Parse(RetryConditionHeaderValue? header, TimeProvider time)
    {
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
