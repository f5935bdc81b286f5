using Polly;
using Polly.Retry;
using Polly.Timeout;
using KoreModelDeploy.Diagnostics;
using KoreModelDeploy.Polling;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Transport;

/// <summary>
/// Builds the retry pipelines a client uses. Every attempt runs under its deadline (<see cref="AttemptDeadlines"/>, in
/// <c>KoreTransport.SendAttemptAsync</c>); a call whose first attempt ends in a way the retry rule accepts continues in
/// a retry pipeline: overall timeout over what is left of the call's budget, then retry, whose callback sends each retry
/// as an attempt under its own deadline.
/// </summary>
/// <remarks>
/// Splitting the call this way keeps a call that succeeds at once out of any pipeline. The retry pipeline takes the
/// first attempt's outcome as its own attempt 0 (see <see cref="KoreTransport.SendState"/>), so attempt counts, delays
/// and retry events are those of a single overall-timeout, retry, attempt-timeout composition around the whole call.
/// Polly sees attempt 0 take no time, and the overall timeout's own exception carries what was left of the budget (the
/// client reports the configured <see cref="KoreModelDeployOptions.Timeout"/>). The attempt timeout is not one of
/// Polly's strategies: Polly's arms a timer for each attempt, and a custom strategy cannot hand the attempt a token of
/// its own (the context's token is set by Polly alone). What Polly's did for an attempt, <c>SendAttemptAsync</c> does:
/// an attempt's exception becomes its outcome, an attempt its deadline cancelled ends in
/// <see cref="Polly.Timeout.TimeoutRejectedException"/>, and a cancelled call's exception carries the caller's token.
/// One retry pipeline serves safe calls (GET) and one unsafe calls (POST), so the retry rule is fixed when the
/// pipeline is built and nothing is decided or allocated per call.
/// </remarks>
internal static class KorePipelineFactory
{
    /// <summary>
    /// The pipeline a call continues in after a first attempt that may be retried; <see langword="null"/> when retries
    /// are off.
    /// </summary>
    public static ResiliencePipeline<KoreHttpResponse>? CreateRetry(KoreModelDeployOptions options, bool safeCalls, TimeProvider time, ILogger logger)
    {
        var retry = options.Retry;
        if (retry.MaxRetries <= 0)
        {
            return null;
        }

        var maxRetryAfter = retry.MaxDelay;
        return new ResiliencePipelineBuilder<KoreHttpResponse> { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions
            {
                Name = "overall",

                // The call's budget started with its first attempt, before this pipeline was entered. Polly reads a
                // zero timeout as none, so a budget spent in the meantime becomes one tick: it times out at once.
                TimeoutGenerator = args =>
                {
                    var remaining = StateOf(args.Context).RemainingBudget();
                    return new ValueTask<TimeSpan>(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromTicks(1));
                },
                OnTimeout = args =>
                {
                    StateOf(args.Context).OverallTimedOut = true;
                    return default;
                },
            })
            .AddRetry(new RetryStrategyOptions<KoreHttpResponse>
            {
                Name = safeCalls ? "retry-safe" : "retry-unsafe",
                MaxRetryAttempts = retry.MaxRetries,
                Delay = retry.Delay,
                MaxDelay = retry.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = retry.UseJitter,
                ShouldHandle = args =>
                {
                    var state = StateOf(args.Context);
                    return new ValueTask<bool>(MayRetry(args.Outcome, state, safeCalls, time, maxRetryAfter, state.RemainingBudget()));
                },
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result is { } r ? RetryAfterParser.Parse(r.Message.Headers.RetryAfter, time) : null),
                OnRetry = args =>
                {
                    var state = StateOf(args.Context);
                    var request = state.Request;
                    if (request.PolledId is { } sharedPoll && state.Transport.SharedPollBudget is { } shared)
                    {
                        return OnSharedPollRetryAsync(args, state, shared, sharedPoll, time, logger);
                    }

                    // A retried poll is a poll: it takes a slot of the job's budget, as the first attempt did, so that
                    // backoff shorter than a second, or another caller polling the same job, cannot bring two polls closer.
                    var delay = args.RetryDelay;
                    var extra = TimeSpan.Zero;
                    if (request.PolledId is { } polled)
                    {
                        var slot = state.Transport.PollBudget.Reserve(polled, delay);
                        extra = slot - delay;
                        delay = slot;
                    }

                    // .NET quotes what a server sent in its messages (an invalid header line, say): the log gets it scrubbed.
                    var reason = args.Outcome.Exception is { } error
                        ? state.Transport.Redactor.Redact(error.Message)!
                        : "HTTP " + args.Outcome.Result?.StatusCode;
                    Log.RetryScheduled(logger, request.Method.Method, request.PathAndQuery, delay.TotalMilliseconds, args.AttemptNumber + 1, reason);
                    KoreTelemetry.Retries.Add(1, new KeyValuePair<string, object?>(KoreTelemetry.OperationTag, request.Operation));

                    if (extra <= TimeSpan.Zero)
                    {
                        return default;
                    }

                    // Polly waits the backoff after this returns; only what the budget adds to it is waited here. The
                    // answer is released first: Polly would only do so after this wait, and not at all were it cancelled.
                    args.Outcome.Result?.Dispose();
                    return ClockDelay.WaitAsync(time, extra, args.Context.CancellationToken);
                },
            })
            .Build();
    }

    /// <summary>
    /// A retried poll under a shared budget: its slot is taken in the budget's store, no sooner than the backoff Polly
    /// is about to wait, and only the difference is waited here. A slot beyond what is left of the call ends the call
    /// (the transport turns the exception into the call's outcome); so does a store that cannot be reached.
    /// </summary>
    private static async ValueTask OnSharedPollRetryAsync(OnRetryArguments<KoreHttpResponse> args, KoreTransport.SendState state, DockPollBudget shared, string polled, TimeProvider time, ILogger logger)
    {
        var request = state.Request;
        var delay = args.RetryDelay;
        var remaining = state.RemainingBudget();

        // The answer is released first: Polly would only do so after this wait, and not at all were it cancelled.
        args.Outcome.Result?.Dispose();
        var asked = time.GetTimestamp();
        var slot = await shared.ReserveAsync(state.Transport.Host, polled, delay, remaining, args.Context.CancellationToken).ConfigureAwait(false);
        if (slot > remaining)
        {
            state.NextPollSlot = slot;
            throw Errors.KoreApiExceptionFactory.PollBudgetSpent(request, slot, state.Transport.Timeout, shared: true);
        }

        // Polly's own wait for the backoff may end late as well: the attempt checks before it sends.
        state.SlotDue = state.Transport.SlotDue(asked, slot);

        var reason = args.Outcome.Exception is { } error
            ? state.Transport.Redactor.Redact(error.Message)!
            : "HTTP " + args.Outcome.Result?.StatusCode;
        Log.RetryScheduled(logger, request.Method.Method, request.PathAndQuery, slot.TotalMilliseconds, args.AttemptNumber + 1, reason);
        KoreTelemetry.Retries.Add(1, new KeyValuePair<string, object?>(KoreTelemetry.OperationTag, request.Operation));
        if (slot > delay)
        {
            await ClockDelay.WaitAsync(time, slot - delay, args.Context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a call may make another attempt after <paramref name="outcome"/>: the retry rule, then the job's poll budget.</summary>
    public static bool MayRetry(Outcome<KoreHttpResponse> outcome, KoreTransport.SendState state, bool safeCall, TimeProvider time, TimeSpan maxRetryAfter, TimeSpan remainingBudget) =>
        ShouldRetry(outcome, state.Path, safeCall, time, maxRetryAfter, remainingBudget) && PollSlotComesInTime(state, remainingBudget);

    /// <summary>
    /// Whether a retried poll's slot of the job's budget comes within what is left of the call. When it does not, the
    /// call ends with the answer it has, as it does for a <c>Retry-After</c> beyond that, and its error's
    /// <see cref="KoreApiException.RetryAfter"/> says when the slot comes.
    /// </summary>
    private static bool PollSlotComesInTime(KoreTransport.SendState state, TimeSpan remainingBudget)
    {
        // A shared budget is asked once, when the retry takes its slot: a second round trip to its store only to look
        // would cost every retried poll, and what it saw could be gone by then.
        if (state.Request.PolledId is not { } id || state.Transport.SharedPollBudget is not null)
        {
            return true;
        }

        var wait = state.Transport.PollBudget.NextSlotIn(id);
        if (wait < remainingBudget)
        {
            return true;
        }

        state.NextPollSlot = wait;
        return false;
    }

    /// <summary>Whether an attempt's outcome may be followed by another attempt of the same call.</summary>
    /// <param name="outcome">What the attempt produced: the original exception, never a scrubbed copy.</param>
    /// <param name="path">Where the attempt's request got to.</param>
    /// <param name="safeCall">Whether the call is a GET; POSTs are repeated only when the service certainly did not act.</param>
    /// <param name="time">The clock Retry-After dates are read against.</param>
    /// <param name="maxRetryAfter">The longest wait the service may ask for and still be retried automatically.</param>
    /// <param name="remainingBudget">What is left of the call's overall timeout.</param>
    public static bool ShouldRetry(Outcome<KoreHttpResponse> outcome, AttemptPath path, bool safeCall, TimeProvider time, TimeSpan maxRetryAfter, TimeSpan remainingBudget)
    {
        // Another origin's answer is refused, and a request .NET refused to send would be refused again.
        if (path is AttemptPath.OtherOrigin or AttemptPath.NotSent)
        {
            return false;
        }

        if (outcome.Exception is { } exception)
        {
            return safeCall ? TransientFailure.IsRetryableForSafeCall(exception) : KoreTransport.NeverReachedService(exception, path);
        }

        var response = outcome.Result!;
        var status = response.StatusCode;
        var retryable = safeCall ? TransientFailure.IsTransientStatus(status) : status == 429;
        if (!retryable)
        {
            return false;
        }

        // A wait longer than the configured ceiling, or than the call has left, is the caller's decision: surface it at
        // once with RetryAfter set, rather than sleep until the overall timeout and report a timeout instead.
        var retryAfter = RetryAfterParser.Parse(response.Message.Headers.RetryAfter, time);
        return retryAfter is null || (retryAfter <= maxRetryAfter && retryAfter < remainingBudget);
    }


    private static KoreTransport.SendState StateOf(ResilienceContext context) => context.Properties.GetValue(KoreTransport.StateKey, null!);
}
