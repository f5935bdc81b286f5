using KoreModelDeploy.Diagnostics;
using KoreModelDeploy.Models;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace KoreModelDeploy.Polling;

/// <summary>
/// One wait for a dock job, run as a Polly pipeline: a retry strategy that repeats while the job is running (or a poll
/// failed transiently), inside a timeout strategy for the whole wait. It needs nothing of the operation but its id, its
/// clock and logger, and its single poll (<see cref="DockOperation.PollSharedAsync"/>), so any operation can wait.
/// </summary>
internal sealed class DockWait
{
    private static readonly TimeSpan MinimumRetryAfter = TimeSpan.FromSeconds(1);

    private readonly DockOperation _operation;
    private readonly DockPollingOptions _polling;
    private readonly IProgress<DockStatus>? _progress;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly long _started;

    // Taken once: another caller polling the same operation must not change what this wait reports or skips.
    private DockStatus? _known;
    private DockJobStatus? _reported;
    private int _polls;
    private int _consecutiveFailures;
    private int _step;

    private DockWait(DockOperation operation, DockPollingOptions polling, IProgress<DockStatus>? progress)
    {
        _operation = operation;
        _polling = polling;
        _progress = progress;
        _logger = operation.Logger;
        _time = operation.Time;
        _started = _time.GetTimestamp();
        _known = operation.LastStatus;
    }

    public static async Task<DockStatus> RunAsync(DockOperation operation, DockPollingOptions polling, IProgress<DockStatus>? progress, CancellationToken cancellationToken)
    {
        var wait = new DockWait(operation, polling, progress);
        using var activity = KoreTelemetry.StartActivity("wait");
        activity?.SetTag(KoreTelemetry.DockStatusIdTag, operation.Id);
        DockStatus? final = null;
        try
        {
            if (wait._known is { } known)
            {
                // The first status (from the deploy answer, or from a poll made before the wait) is progress too.
                wait.Report(known);
            }

            final = await wait.PollUntilTerminalAsync(cancellationToken).ConfigureAwait(false);
            activity?.SetTag(KoreTelemetry.DockStatusTag, final.Status.ToString());
            if (final.Status == DockJobStatus.Failed)
            {
                Log.DockJobFailed(wait._logger, operation.Id, final.Status.ToString(), final.Message ?? "(no message)");
                throw new KoreJobFailedException(final);
            }

            return final;
        }
        catch (Exception ex)
        {
            KoreTelemetry.RecordException(activity, ex);
            throw;
        }
        finally
        {
            activity?.SetTag(KoreTelemetry.PollsTag, wait._polls);
            if (KoreTelemetry.WaitDuration.Enabled)
            {
                KoreTelemetry.WaitDuration.Record(
                    wait._time.GetElapsedTime(wait._started).TotalSeconds,
                    new KeyValuePair<string, object?>(KoreTelemetry.DockStatusTag, final?.Status.ToString() ?? "unfinished"));
            }
        }
    }

    private async Task<DockStatus> PollUntilTerminalAsync(CancellationToken cancellationToken)
    {
        if (_known is { Status.IsTerminal: true } done)
        {
            return done;
        }

        var pipeline = new ResiliencePipelineBuilder<DockStatus> { TimeProvider = _time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = _polling.Timeout, Name = "wait" })
            .AddRetry(new RetryStrategyOptions<DockStatus>
            {
                Name = "poll",
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => new ValueTask<bool>(ShouldPollAgain(args.Outcome)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(NextDelay(args.Outcome)),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } error)
                    {
                        Log.PollFailed(_logger, _polls, _operation.Id, _consecutiveFailures, _polling.MaxConsecutiveFailures, args.RetryDelay.TotalMilliseconds, error.Message);
                    }

                    return default;
                },
            })
            .Build();

        try
        {
            return await pipeline.ExecuteAsync(
                static (state, token) => state.PollOnceAsync(token),
                this,
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            throw TimedOut(null);
        }
        catch (KoreApiException ex) when (_consecutiveFailures <= _polling.MaxConsecutiveFailures && AsksForMoreThanIsLeft(ex))
        {
            throw TimedOut(ex);
        }
    }

    private KoreJobTimeoutException TimedOut(KoreApiException? cause)
    {
        var elapsed = _time.GetElapsedTime(_started);
        Log.DockWaitTimedOut(_logger, _operation.Id, elapsed.TotalSeconds, _operation.LastStatus?.Status.ToString() ?? "unknown");
        return new KoreJobTimeoutException(_operation.Id, _operation.LastStatus, elapsed, cause);
    }

    // A pause the service asks for that outlasts the wait would only be slept through to the same timeout: the wait ends
    // now, with the service's answer as the cause.
    private bool AsksForMoreThanIsLeft(KoreApiException failure) =>
        failure is { IsTransient: true, RetryAfter: { } retryAfter }
        && AtLeastMinimum(retryAfter) >= _polling.Timeout - _time.GetElapsedTime(_started);

    private async ValueTask<DockStatus> PollOnceAsync(CancellationToken cancellationToken)
    {
        if (_known is { } known)
        {
            // Returning the status already known lets the retry strategy schedule the first poll after a delay,
            // rather than polling a job that was started a moment ago.
            _known = null;
            return known;
        }

        _polls++;
        try
        {
            // The operation records the status as the latest seen, once for all the waits that shared the poll.
            var status = await _operation.PollSharedAsync(cancellationToken).ConfigureAwait(false);
            _consecutiveFailures = 0;
            KoreTelemetry.Polls.Add(1, new KeyValuePair<string, object?>(KoreTelemetry.DockStatusTag, status.Status.ToString()));
            if (_reported != status.Status)
            {
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    var elapsedSeconds = _time.GetElapsedTime(_started).TotalSeconds;
                    Log.DockStatusChanged(_logger, _operation.Id, status.Status, elapsedSeconds, _polls);
                }

                Report(status);
            }

            return status;
        }
        catch (KoreApiException ex)
        {
            _consecutiveFailures++;
            KoreTelemetry.Polls.Add(1, new KeyValuePair<string, object?>(KoreTelemetry.ErrorTypeTag, ex.Kind.ToString()));
            throw;
        }
    }

    private void Report(DockStatus status)
    {
        _reported = status.Status;
        _progress?.Report(status);
    }

    private bool ShouldPollAgain(Outcome<DockStatus> outcome) => outcome switch
    {
        // A shared budget's store out of reach: nothing was sent, so the job was not polled and the poll did not fail;
        // the wait pauses until the store is back, within its own timeout.
        { Exception: DockPollBudgetUnavailableException } => true,
        { Exception: KoreApiException { IsTransient: true } failure } => _consecutiveFailures <= _polling.MaxConsecutiveFailures && !AsksForMoreThanIsLeft(failure),
        { Exception: null, Result: { } status } => !status.Status.IsTerminal,
        _ => false,
    };

    private TimeSpan NextDelay(Outcome<DockStatus> outcome)
    {
        // The schedule advances even when the service dictates the delay, so a throttled wait does not restart fast.
        var scheduled = PollingSchedule.GetDelay(_polling, _step++);
        if (outcome.Exception is not KoreApiException { RetryAfter: { } retryAfter })
        {
            return scheduled;
        }

        // The service's delay wins, at least a second, which keeps even "Retry-After: 0" inside the vendor's
        // 60-a-minute limit. One longer than the wait has left was already turned into the wait's end by ShouldPollAgain.
        return AtLeastMinimum(retryAfter);
    }

    private static TimeSpan AtLeastMinimum(TimeSpan retryAfter) => retryAfter < MinimumRetryAfter ? MinimumRetryAfter : retryAfter;
}
