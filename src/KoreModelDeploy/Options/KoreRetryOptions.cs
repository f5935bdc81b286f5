using System.ComponentModel.DataAnnotations;

namespace KoreModelDeploy;

/// <summary>
/// How a failed call is retried. Get Dock Status is safe to repeat and is retried on timeouts, network errors, and
/// 408, 429, 500, 502, 503 and 504 answers. Deploy and undeploy are not idempotent: they are sent again only when
/// the service certainly did not act on them: a 429 answer, or a connection that was never established.
/// </summary>
public sealed class KoreRetryOptions
{
    /// <summary>How many times a call is retried after the first attempt. Default 3; from 0 (no retries) to 10.</summary>
    [Range(0, 10, ErrorMessage = OptionsMessages.Range)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay; each further retry doubles it. Default 0.8 seconds; from 0 to 1 minute.</summary>
#pragma warning disable IL2026 // Read only by the generated validator, which uses its own copy of RangeAttribute: no reflection.
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = OptionsMessages.Range)]
#pragma warning restore IL2026
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>The longest delay between two attempts, and the longest <c>Retry-After</c> honoured inside a call. Default 30 seconds; from 0 to 10 minutes.</summary>
    /// <remarks>When the service asks for a longer wait, the call fails with <see cref="KoreErrorKind.RateLimited"/> and <see cref="KoreApiException.RetryAfter"/> set.</remarks>
#pragma warning disable IL2026 // Read only by the generated validator, which uses its own copy of RangeAttribute: no reflection.
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = OptionsMessages.Range)]
#pragma warning restore IL2026
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether delays are randomized (Polly's decorrelated jitter around the exponential schedule) so that many clients do not retry in step. Default <see langword="true"/>.</summary>
    public bool UseJitter { get; set; } = true;

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"MaxRetries={MaxRetries}, Delay={Delay}, MaxDelay={MaxDelay}, UseJitter={UseJitter}");
}
