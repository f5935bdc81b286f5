using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KoreModelDeploy.Diagnostics;
using KoreModelDeploy.Errors;
using KoreModelDeploy.Polling;
using KoreModelDeploy.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Timeout;

namespace KoreModelDeploy.Transport;

/// <summary>
/// Everything a client needs to talk to one configured environment, built once from validated options and shared by
/// every client instance for that configuration: the base address, cached header values, and the resilience pipelines.
/// </summary>
internal sealed class KoreTransport
{
    internal static readonly ResiliencePropertyKey<SendState> StateKey = new("KoreModelDeploy.Send");

    private static readonly string UserAgent = BuildUserAgent();

    private readonly string _baseAddress;
    private readonly Uri _host;
    private readonly string _apiKey;
    private readonly KeyRedactor _redactor;
    private readonly string _serverAddress;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _maxRetryAfter;
    private readonly AttemptDeadlines _deadlines;
    private readonly ResiliencePipeline<KoreHttpResponse>? _safeRetryPipeline;
    private readonly ResiliencePipeline<KoreHttpResponse>? _unsafeRetryPipeline;

    public KoreTransport(KoreModelDeployOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        KoreModelDeployOptionsValidator.ThrowIfInvalid(options);

        Time = timeProvider ?? TimeProvider.System;
        Logger = (ILogger?)loggerFactory?.CreateLogger("KoreModelDeploy") ?? NullLogger.Instance;
        _host = options.Host!;
        _baseAddress = _host.AbsoluteUri.TrimEnd('/');
        _serverAddress = _host.Host;
        _apiKey = options.ApiKey!;
        _redactor = new KeyRedactor(_apiKey);
        AllowUndocumentedValues = options.AllowUndocumentedValues;
        Polling = options.Polling.Snapshot();
        SharedPollBudget = options.GetPollBudget();
        PollBudget = PollBudget.For(Time, _host);
        _timeout = options.Timeout;
        _maxRetryAfter = options.Retry.MaxDelay;
        _deadlines = AttemptDeadlines.For(Time, options.AttemptTimeout);
        _safeRetryPipeline = KorePipelineFactory.CreateRetry(options, safeCalls: true, Time, Logger);
        _unsafeRetryPipeline = KorePipelineFactory.CreateRetry(options, safeCalls: false, Time, Logger);
    }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public bool AllowUndocumentedValues { get; }

    public DockPollingOptions Polling { get; }

    /// <summary>Scrubs the API key from whatever came from outside the package.</summary>
    public KeyRedactor Redactor => _redactor;

    /// <summary>The process's Get Dock Status allowance per job on this host, on this transport's clock.</summary>
    public PollBudget PollBudget { get; }

    /// <summary>The budget given in the options, shared with other processes; null when the in-process one is used.</summary>
    public DockPollBudget? SharedPollBudget { get; }

    /// <summary>The configured host, as a shared poll budget keys it.</summary>
    public Uri Host => _host;

    /// <summary>How long one call may take in all.</summary>
    public TimeSpan Timeout => _timeout;

    /// <summary>
    /// Sends a call through the resilience pipeline and reads its answer as <typeparamref name="T"/>.
    /// Every failure leaves as <see cref="KoreApiException"/>, except cancellation by the caller.
    /// </summary>
    /// <param name="http">The HTTP client to send with.</param>
    /// <param name="request">The call.</param>
    /// <param name="responseType">How to read a success answer.</param>
    /// <param name="retry">Whether the resilience pipeline may repeat the call; waits poll with <see langword="false"/> and absorb failures themselves.</param>
    /// <param name="missingField">Names what a parsed answer lacks that the caller needs (null when complete), so the
    /// error can still carry the status, body and request id.</param>
    /// <param name="activity">The call's span, tagged with the attempt count and final status code; null when nobody listens.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    public async ValueTask<T> SendAsync<T>(HttpClient http, KoreRequest request, JsonTypeInfo<T> responseType, Func<T, string?> missingField, bool retry, Activity? activity, CancellationToken cancellationToken)
        where T : class
    {
        Uri? uri = null;
        try
        {
            if (request.PolledId is { } polled)
            {
                // Every attempt of a poll takes a slot of its job's budget: this first one here, retries in the pipeline.
                if (SharedPollBudget is { } shared)
                {
                    await TakeSharedPollSlotAsync(request, shared, polled, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // A new job's id is looked up where no cache holds it: the lookup starts loading first, and the URL,
                    // needed anyway, is built while it loads.
                    var key = PollBudget.KeyOf(polled);
                    PollBudget.Prefetch(key);
                    uri = UrlOf(request);
                    if (!PollBudget.TryReserve(key, _timeout, out var slot))
                    {
                        throw KoreApiExceptionFactory.PollBudgetSpent(request, slot, _timeout, shared: false);
                    }

                    if (slot > TimeSpan.Zero)
                    {
                        await ClockDelay.WaitAsync(Time, slot, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            var state = new SendState(this, http, request, Time.GetTimestamp()) { Uri = uri };
            var outcome = await SendAttemptAsync(state, cancellationToken).ConfigureAwait(false);

            var retryPipeline = !retry ? null : request.IsIdempotent ? _safeRetryPipeline : _unsafeRetryPipeline;
            // A success is never retried, so only a failure pays for reading the clock.
            if (retryPipeline is not null
                && outcome.Result is not { IsSuccess: true }
                && state.RemainingBudget() is var remaining && remaining > TimeSpan.Zero
                && KorePipelineFactory.MayRetry(outcome, state, request.IsIdempotent, Time, _maxRetryAfter, remaining))
            {
                outcome = await RetryAsync(retryPipeline, state, outcome, cancellationToken).ConfigureAwait(false);
            }

            activity?.SetTag(KoreTelemetry.AttemptsTag, state.Attempts);
            if (outcome.Result is { } answered)
            {
                activity?.SetTag(KoreTelemetry.HttpStatusCodeTag, answered.StatusCode);
            }

            if (outcome.Exception is { } exception)
            {
                throw MapException(exception, state, cancellationToken);
            }

            using var response = outcome.Result!;
            if (state.Path == AttemptPath.OtherOrigin)
            {
                throw KoreApiExceptionFactory.OtherOrigin(request, state.Reached!, _redactor, state.Attempts, null);
            }

            if (!response.IsSuccess)
            {
                throw KoreApiExceptionFactory.FromErrorResponse(response.Message, response.Body, request, _redactor, state.Attempts, Time, state.RetryAfterFloor);
            }

            // A service that echoes the key in a success body (a job's failure message, say) must not pass it on to
            // statuses, exceptions or logs: the bytes are scrubbed here, the decoded text once it is read.
            var body = _redactor.Redact(response.Body);
            T? value;
            try
            {
                value = JsonSerializer.Deserialize(body, responseType);
            }
            catch (JsonException ex)
            {
                throw KoreApiExceptionFactory.InvalidResponse(response.Message, body, request, _redactor, state.Attempts, "the body is not the expected JSON (" + ex.Message + ")", ex);
            }

            if (value is null)
            {
                throw KoreApiExceptionFactory.InvalidResponse(response.Message, body, request, _redactor, state.Attempts, "the body is empty or null");
            }

            // The bytes held the key as sent; decoded text may hold it escaped or encoded.
            AnswerScrubber.Scrub(value, _redactor);

            if (missingField(value) is { } field)
            {
                throw KoreApiExceptionFactory.InvalidResponse(response.Message, body, request, _redactor, state.Attempts, "it has no " + field);
            }

            return value;
        }
        catch (Exception ex)
        {
            // Whatever layer a failure comes from, the call's span records it once, here.
            KoreTelemetry.RecordException(activity, ex);
            throw;
        }
    }

    /// <summary>A first poll's slot of a shared budget: taken in the budget's store, waited for, and taken again if the wait ended late.</summary>
    private async ValueTask TakeSharedPollSlotAsync(KoreRequest request, DockPollBudget shared, string polled, CancellationToken cancellationToken)
    {
        var asked = Time.GetTimestamp();
        var slot = await shared.ReserveAsync(_host, polled, TimeSpan.Zero, _timeout, cancellationToken).ConfigureAwait(false);
        if (slot > _timeout)
        {
            throw KoreApiExceptionFactory.PollBudgetSpent(request, slot, _timeout, shared: true);
        }

        if (slot > TimeSpan.Zero)
        {
            await ClockDelay.WaitAsync(Time, slot, cancellationToken).ConfigureAwait(false);
        }

        // Checked here, outside the attempt's timeout, which a new slot's wait must not use up.
        await TakeSlotAgainIfLateAsync(request, shared, SlotDue(asked, slot), _timeout - Time.GetElapsedTime(asked), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Continues a call whose first attempt may be retried, in the pipeline that retries it.</summary>
    private static async ValueTask<Outcome<KoreHttpResponse>> RetryAsync(ResiliencePipeline<KoreHttpResponse> pipeline, SendState state, Outcome<KoreHttpResponse> firstOutcome, CancellationToken cancellationToken)
    {
        state.HandOverFirstOutcome(firstOutcome);
        var context = ResilienceContextPool.Shared.Get(state.Request.Operation, cancellationToken);

        // The pipeline's overall timeout, retry events and logs find the call here.
        context.Properties.Set(StateKey, state);
        try
        {
            return await pipeline.ExecuteOutcomeAsync(
                static (ctx, s) => s.TakeFirstOutcome() is { } first ? new ValueTask<Outcome<KoreHttpResponse>>(first) : s.Transport.SendAttemptAsync(s, ctx.CancellationToken),
                context,
                state).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DockPollBudgetUnavailableException or KoreApiException)
        {
            // A shared budget refused a retried poll its slot, or could not be reached: the retry is not sent.
            return Outcome.FromException<KoreHttpResponse>(ex);
        }
        finally
        {
            // Polly skips the callback when the call is already cancelled (by the caller, or by an overall timeout that
            // fired at once); the answer it never took over is released here, so its connection goes back to the pool.
            state.TakeFirstOutcome()?.Result?.Dispose();
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// When, on this transport's clock, a slot the budget was asked for at <paramref name="asked"/> and said comes in
    /// <paramref name="slot"/> is due. The budget may have decided at any moment of its round trip; counting from the
    /// question takes the earliest, so a slow answer counts as lateness (the wait itself counts from the answer, so the
    /// poll never goes before its slot).
    /// </summary>
    internal long SlotDue(long asked, TimeSpan slot) => asked + (long)(slot.TotalSeconds * Time.TimestampFrequency);

    /// <summary>
    /// A poll whose wait for its slot of a shared budget ended later than the budget's
    /// <see cref="DockPollBudget.LateSlotLimit"/> (a busy machine, a paused process, a slow answer from the store) takes
    /// a new slot rather than go late: late, it could reach the service too close to the poll another process sends on
    /// time in the next slot. The slot it was late for stays spent. A new slot is taken once: a store whose answers are
    /// themselves slower than the limit would make every slot late, and the poll would never go.
    /// </summary>
    /// <exception cref="KoreApiException">The new slot lies more than <paramref name="remaining"/> away: nothing is sent.</exception>
    private async ValueTask TakeSlotAgainIfLateAsync(KoreRequest request, DockPollBudget shared, long due, TimeSpan remaining, CancellationToken cancellationToken)
    {
        if (shared.LateSlotLimit is not { } lateLimit || lateLimit <= TimeSpan.Zero || Time.GetElapsedTime(due) is var late && late <= lateLimit)
        {
            return;
        }

        var slot = await shared.ReserveAsync(_host, request.PolledId!, TimeSpan.Zero, remaining, cancellationToken).ConfigureAwait(false);
        if (slot > remaining)
        {
            // With the call's time already spent, even a slot that comes now is refused.
            throw KoreApiExceptionFactory.PollBudgetSpent(request, slot > TimeSpan.Zero ? slot : TimeSpan.FromTicks(1), _timeout, shared: true);
        }

        Log.LateForPollSlot(Logger, request.PolledId!, late.TotalMilliseconds, slot.TotalMilliseconds);
        if (slot > TimeSpan.Zero)
        {
            await ClockDelay.WaitAsync(Time, slot, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One attempt under its deadline (<see cref="KoreModelDeployOptions.AttemptTimeout"/>): the first of every call, and
    /// each retry, which the retry pipeline sends through here. An attempt its deadline cancelled ends in
    /// <see cref="TimeoutRejectedException"/>, as it would in Polly's timeout strategy.
    /// </summary>
    private async ValueTask<Outcome<KoreHttpResponse>> SendAttemptAsync(SendState state, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            // Nothing is sent for a call cancelled before its attempt starts.
            return Outcome.FromException<KoreHttpResponse>(new OperationCanceledException(cancellationToken));
        }

        using var deadline = _deadlines.Start(cancellationToken);
        Outcome<KoreHttpResponse> outcome;
        try
        {
            outcome = await SendOnceAsync(state, deadline.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // What an attempt throws (a logger or a meter listener of the caller's) is its outcome, as in a Polly strategy.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = Outcome.FromException<KoreHttpResponse>(ex);
        }

        switch (outcome.Exception)
        {
            // .NET Framework ends a read its token cancelled by disposing the stream.
            case OperationCanceledException or IOException or ObjectDisposedException when deadline.Expired(cancellationToken):
                var timeout = _deadlines.Timeout;
                return Outcome.FromException<KoreHttpResponse>(new TimeoutRejectedException($"The attempt did not complete within its timeout of {timeout}.", timeout, outcome.Exception));
            case OperationCanceledException canceled when cancellationToken.IsCancellationRequested && canceled.CancellationToken != cancellationToken:
                // HttpClient's cancellation names the token it linked; the caller's own lets a caller tell it apart.
                return Outcome.FromException<KoreHttpResponse>(new OperationCanceledException(canceled.Message, canceled, cancellationToken));
            default:
                return outcome;
        }
    }

    private async ValueTask<Outcome<KoreHttpResponse>> SendOnceAsync(SendState state, CancellationToken cancellationToken)
    {
        var request = state.Request;
        if (state.SlotDue is { } due && SharedPollBudget is { } shared)
        {
            // A retry's slot, taken in the retry pipeline; Polly's own wait for its backoff may have ended late. Checked
            // once per slot.
            state.SlotDue = null;
            try
            {
                await TakeSlotAgainIfLateAsync(request, shared, due, state.RemainingBudget(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Nothing was sent: the budget refused, its store failed, or the caller cancelled while waiting.
                state.Path = AttemptPath.NotSent;
                return Outcome.FromException<KoreHttpResponse>(ex);
            }
        }

        var attempt = ++state.Attempts;
        state.Path = AttemptPath.FirstHop;
        state.Reached = null;

        // The clock is read only for what records durations, so a call nobody observes does not pay for it.
        var timed = KoreTelemetry.RequestDuration.Enabled || Logger.IsEnabled(LogLevel.Debug);
        var started = timed ? Time.GetTimestamp() : 0;
        HttpRequestMessage? httpRequest = null;
        HttpResponseMessage? message = null;
        try
        {
            httpRequest = CreateMessage(state);
            message = await state.Http.SendAsync(httpRequest, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);

            // The handlers the package creates never follow redirects; a caller's may have. An answer from another
            // origin is not read at all: neither its body nor its status is the service's.
            if (message.RequestMessage?.RequestUri is { } answeredFor && !ReferenceEquals(answeredFor, state.Uri))
            {
                Locate(state, answeredFor);
            }

            var body = state.Path == AttemptPath.OtherOrigin
                ? []
                : await ResponseBodyReader.ReadAsync(message.Content, message.IsSuccessStatusCode, cancellationToken).ConfigureAwait(false);
            if (timed)
            {
                var elapsed = Time.GetElapsedTime(started);
                var status = (int)message.StatusCode;
                if (Logger.IsEnabled(LogLevel.Debug))
                {
                    Log.RequestCompleted(Logger, request.Method.Method, request.PathAndQuery, status, elapsed.TotalMilliseconds, attempt);
                }

                RecordDuration(request, elapsed, status, null);
            }
            return Outcome.FromResult(new KoreHttpResponse(message, body));
        }
        catch (Exception ex)
        {
            message?.Dispose();

            // A redirect-following handler moves the request to each hop's URL before sending it there.
            if (httpRequest?.RequestUri is { } sentTo && !ReferenceEquals(sentTo, state.Uri))
            {
                Locate(state, sentTo);
            }
            else if (httpRequest is not null && TransientFailure.IsRefusedBeforeSending(ex, httpRequest))
            {
                state.Path = AttemptPath.NotSent;
            }

            if (timed)
            {
                var elapsed = Time.GetElapsedTime(started);
                if (Logger.IsEnabled(LogLevel.Debug))
                {
                    // .NET quotes what a server sent in its messages; the log keeps a scrubbed copy, the retry rule the original.
                    var scrubbed = ExceptionScrubber.Scrub(ex, _redactor);
                    Log.RequestFailed(Logger, request.Method.Method, request.PathAndQuery, elapsed.TotalMilliseconds, attempt, scrubbed);
                }

                RecordDuration(request, elapsed, 0, ex.GetType().Name);
            }
            return Outcome.FromException<KoreHttpResponse>(ex);
        }
        finally
        {
            httpRequest?.Dispose();
        }
    }

    /// <summary>
    /// Records where a request whose URL a handler replaced got to. Only then is anything compared beyond a reference,
    /// so the success path builds no strings for the origin check.
    /// </summary>
    private void Locate(SendState state, Uri reached)
    {
        if (reached == state.Uri)
        {
            // A handler replaced the URL with an equal one: still the first hop.
            return;
        }

        state.Reached = reached;
        state.Path = Uri.Compare(reached, _host, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0
            ? AttemptPath.RedirectedWithinOrigin
            : AttemptPath.OtherOrigin;
    }

    private Uri UrlOf(KoreRequest request) => new(request.ToAbsoluteUrl(_baseAddress), UriKind.Absolute);

    private HttpRequestMessage CreateMessage(SendState state)
    {
        state.Uri ??= UrlOf(state.Request);
        var message = new HttpRequestMessage(state.Request.Method, state.Uri);
        var headers = message.Headers;
        headers.TryAddWithoutValidation("x-api-key", _apiKey);
        headers.TryAddWithoutValidation("Accept", "application/json");
        headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (state.Request.Body is { } body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
            message.Content = content;
        }

        return message;
    }

    private void RecordDuration(KoreRequest request, TimeSpan elapsed, int status, string? errorType)
    {
        if (!KoreTelemetry.RequestDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { KoreTelemetry.OperationTag, request.Operation },
            { KoreTelemetry.HttpMethodTag, request.Method.Method },
            { KoreTelemetry.ServerAddressTag, _serverAddress },
        };
        if (status != 0)
        {
            tags.Add(KoreTelemetry.HttpStatusCodeTag, status);
        }

        if (errorType is not null)
        {
            tags.Add(KoreTelemetry.ErrorTypeTag, errorType);
        }

        KoreTelemetry.RequestDuration.Record(elapsed.TotalSeconds, tags);
    }

    private static Exception MapException(Exception exception, SendState state, CancellationToken cancellationToken)
    {
        var request = state.Request;
        var redactor = state.Transport._redactor;
        switch (exception)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return exception;
            case Exception when cancellationToken.IsCancellationRequested:
                // .NET Framework ends a cancelled read by disposing the stream, so the caller's cancellation arrives as
                // ObjectDisposedException or IOException; it is still the caller's cancellation, not a network failure.
                return new OperationCanceledException("The operation was canceled.", ExceptionScrubber.Scrub(exception, redactor), cancellationToken);
            case DockPollBudgetUnavailableException or KoreApiException:
                // Decided before anything was sent (a shared budget's refusal or its store's failure): passed on as it is.
                return exception;
            case Exception when state.Path == AttemptPath.OtherOrigin:
                return KoreApiExceptionFactory.OtherOrigin(request, state.Reached!, redactor, state.Attempts, exception);
            case TimeoutRejectedException timeout:
                // The overall timeout runs over what was left of the budget; the caller configured the whole of it.
                return KoreApiExceptionFactory.NoResponse(request, KoreErrorKind.Timeout, timeout, redactor, state.Attempts, state.OverallTimedOut ? state.Transport._timeout : timeout.Timeout, neverReachedService: false, state.RetryAfterFloor);
            case OperationCanceledException canceled:
                // Cancelled without the caller asking: the HttpClient's own Timeout fired.
                return KoreApiExceptionFactory.NoResponse(request, KoreErrorKind.Timeout, canceled, redactor, state.Attempts, null, neverReachedService: false, state.RetryAfterFloor);
            case ResponseTooLargeException tooLarge:
                return KoreApiExceptionFactory.NoResponse(request, KoreErrorKind.InvalidResponse, tooLarge, redactor, state.Attempts, null, neverReachedService: false, state.RetryAfterFloor);
            default:
                // HttpRequestException and IOException, but also what a handler of the caller's own, or a disposed
                // HttpClient, throws: the call failed without a usable answer, and the caller gets the one type.
                return KoreApiExceptionFactory.NoResponse(request, KoreErrorKind.Network, exception, redactor, state.Attempts, null, NeverReachedService(exception, state.Path), state.RetryAfterFloor);
        }
    }

    /// <summary>
    /// Whether the request certainly never reached the service: refused before sending, or a connection to the
    /// configured host that was never established. After a redirect the request had already reached the host that sent it.
    /// </summary>
    internal static bool NeverReachedService(Exception exception, AttemptPath path) =>
        path == AttemptPath.NotSent || (path == AttemptPath.FirstHop && TransientFailure.IsConnectionNotEstablished(exception));

    private static string BuildUserAgent()
    {
        var framework = RuntimeInformation.FrameworkDescription.Replace(' ', '/');
        return $"KoreModelDeploy/{KoreTelemetry.Version} ({framework}; {RuntimeInformation.OSArchitecture})";
    }

    /// <summary>What one logical call carries through its attempts.</summary>
    internal sealed class SendState(KoreTransport transport, HttpClient http, KoreRequest request, long started)
    {
        private Outcome<KoreHttpResponse>? _firstOutcome;

        public KoreTransport Transport { get; } = transport;

        public HttpClient Http { get; } = http;

        public KoreRequest Request { get; } = request;

        public Uri? Uri { get; set; }

        public int Attempts { get; set; }

        /// <summary>Where the last attempt's request got to.</summary>
        public AttemptPath Path { get; set; }

        /// <summary>The URL the last attempt ended at, when a handler of the caller's took it away from its first URL.</summary>
        public Uri? Reached { get; set; }

        /// <summary>Set when the overall timeout, not an attempt's, ended the call.</summary>
        public bool OverallTimedOut { get; set; }

        /// <summary>
        /// Set when a retried poll was not made because the job's next slot lay beyond the call's time: how long until
        /// it comes; zero otherwise (kept plain rather than nullable, as every call carries this state).
        /// </summary>
        public TimeSpan NextPollSlot { get; set; }

        /// <summary>When a retried poll's slot of a shared budget comes, on the transport's clock; null without one, or once checked.</summary>
        public long? SlotDue { get; set; }

        /// <summary>The least <see cref="KoreApiException.RetryAfter"/> the call's error may report.</summary>
        public TimeSpan? RetryAfterFloor => NextPollSlot > TimeSpan.Zero ? NextPollSlot : null;

        /// <summary>
        /// Keeps the first attempt's outcome for the retry pipeline, which takes it as its own attempt 0: it decides
        /// about it, waits, and counts attempts as if it had made that attempt itself.
        /// </summary>
        public void HandOverFirstOutcome(Outcome<KoreHttpResponse> outcome) => _firstOutcome = outcome;

        /// <summary>The handed-over outcome, once; afterwards null, and the pipeline's callback sends a new attempt.</summary>
        public Outcome<KoreHttpResponse>? TakeFirstOutcome()
        {
            var first = _firstOutcome;
            _firstOutcome = null;
            return first;
        }

        /// <summary>What is left of the call's overall timeout; zero or less once it is spent.</summary>
        public TimeSpan RemainingBudget() => Transport._timeout - Transport.Time.GetElapsedTime(started);
    }
}
