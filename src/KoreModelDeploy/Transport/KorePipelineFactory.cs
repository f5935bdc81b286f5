using Polly;
using Polly.Retry;
using Polly.Timeout;
using KoreModelDeploy.Diagnostics;
using KoreModelDeploy.Errors;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Transport;

/// <summary>
/// Builds the two HTTP resilience pipelines a client uses: overall timeout, then retry, then attempt timeout.
/// One pipeline serves safe calls (GET) and one unsafe calls (POST), so the retry rule is fixed when the
/// pipeline is built and nothing is decided or allocated per call.
/// </summary>
internal static class KorePipelineFactory
{
    public static ResiliencePipeline<KoreHttpResponse> Create(KoreModelDeployOptions options, bool safeCalls, TimeProvider time, ILogger logger)
    {
        var retry = options.Retry;
        var maxRetryAfter = retry.MaxDelay;
        var builder = new ResiliencePipelineBuilder<KoreHttpResponse> { TimeProvider = time };

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.Timeout, Name = "overall" });

        if (retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<KoreHttpResponse>
            {
                Name = safeCalls ? "retry-safe" : "retry-unsafe",
                MaxRetryAttempts = retry.MaxRetries,
                Delay = retry.Delay,
                MaxDelay = retry.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = retry.UseJitter,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, safeCalls, time, maxRetryAfter)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result is { } r ? RetryAfterParser.Parse(r.Message.Headers.RetryAfter, time) : null),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(KoreTransport.StateKey, null!).Request;
                    var reason = args.Outcome.Exception?.Message ?? "HTTP " + args.Outcome.Result?.StatusCode;
                    Log.RetryScheduled(logger, request.Method.Method, request.PathAndQuery, args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1, reason);
                    KoreTelemetry.Retries.Add(1, new KeyValuePair<string, object?>(KoreTelemetry.OperationTag, request.Operation));
                    return default;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout, Name = "attempt" });
        return builder.Build();
    }

    /// <summary>A pipeline that only bounds one attempt, for callers that handle failures themselves.</summary>
    public static ResiliencePipeline<KoreHttpResponse> CreateSingleAttempt(KoreModelDeployOptions options, TimeProvider time) =>
        new ResiliencePipelineBuilder<KoreHttpResponse> { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout, Name = "attempt" })
            .Build();

    private static bool ShouldRetry(Outcome<KoreHttpResponse> outcome, bool safeCall, TimeProvider time, TimeSpan maxRetryAfter)
    {
        if (outcome.Exception is { } exception)
        {
            return safeCall ? TransientFailure.IsRetryableForSafeCall(exception) : TransientFailure.IsConnectionNotEstablished(exception);
        }

        var response = outcome.Result!;
        var status = response.StatusCode;
        var retryable = safeCall ? TransientFailure.IsTransientStatus(status) : status == 429;
        if (!retryable)
        {
            return false;
        }

        // A wait longer than the configured ceiling is the caller's decision: surface it with RetryAfter set.
        var retryAfter = RetryAfterParser.Parse(response.Message.Headers.RetryAfter, time);
        return retryAfter is null || retryAfter <= maxRetryAfter;
    }
}
