using System.Collections.Concurrent;
using System.Net;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Polling;

/// <summary>
/// Plays one deploy job for the polling tests: deploy and undeploy are answered like the vendor's samples, Get Dock
/// Status from a script (one step per poll), then from a job that succeeds after a set duration. Records when each
/// request came. Ids are <see cref="TestIds"/>; steps are <see cref="ResponseScript"/> steps built with
/// <see cref="Responses"/>, so <see cref="Respond"/> also serves as the answer of a MockHttp expectation.
/// </summary>
/// <remarks>
/// The polling tests send through <see cref="CreateHandler"/>, not MockHttp: they move virtual time whenever the client
/// is idle, and MockHttp hands an answer back after a hop this job cannot see, so time would sometimes move while an
/// answer is still on its way and a wait would see one poll fewer.
/// </remarks>
internal sealed class ScriptedJob(TimeProvider clock)
{
    private readonly Queue<Func<HttpRequestMessage, Task<HttpResponseMessage>>> _script = new();
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<HttpRequestMessage, bool> _hanging = new();
    private int _busy;
    private DateTimeOffset? _jobStarted;

    public List<(DateTimeOffset At, HttpMethod Method, string Path)> Requests { get; } = [];

    /// <summary>Replaces the vendor-shaped deploy answer, for answers the service may give at once.</summary>
    public string? DeployAnswer { get; set; }

    /// <summary>How long after the deploy call the job reports SUCCESS when the script is exhausted; null = never.</summary>
    public TimeSpan? JobDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a request sent through <see cref="CreateHandler"/> has not yet come back to the client. A request left
    /// hanging is not busy: the code under test is then waiting on its attempt timeout's timer.
    /// </summary>
    public bool IsBusy => Volatile.Read(ref _busy) > 0;

    /// <summary>A handler answering every request from this job, with <see cref="IsBusy"/> covering each request.</summary>
    public HttpMessageHandler CreateHandler() => new Handler(this);

    public IEnumerable<DateTimeOffset> StatusPollTimes
    {
        get
        {
            lock (_gate)
            {
                return Requests.Where(r => r.Method == HttpMethod.Get).Select(r => r.At).ToList();
            }
        }
    }

    public int PostCount
    {
        get
        {
            lock (_gate)
            {
                return Requests.Count(r => r.Method == HttpMethod.Post);
            }
        }
    }

    public ScriptedJob Then(params Func<HttpRequestMessage, Task<HttpResponseMessage>>[] steps)
    {
        lock (_gate)
        {
            foreach (var step in steps)
            {
                _script.Enqueue(step);
            }
        }

        return this;
    }

    public Task<HttpResponseMessage> Respond(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        lock (_gate)
        {
            Requests.Add((clock.GetUtcNow(), request.Method, path));
        }

        if (request.Method == HttpMethod.Post)
        {
            _jobStarted ??= clock.GetUtcNow();
            var action = path.EndsWith("/undeploy", StringComparison.Ordinal) ? "UNDEPLOY" : "DEPLOY";
            return Task.FromResult(Responses.Json(HttpStatusCode.OK, DeployAnswer ?? $$"""{"dock-statusId":"{{TestIds.DockStatusId}}","modelId":"{{TestIds.ModelId}}","jobType":"MODELS","action":"{{action}}","status":"IN_PROGRESS"}"""));
        }

        Func<HttpRequestMessage, Task<HttpResponseMessage>>? step;
        lock (_gate)
        {
            _script.TryDequeue(out step);
        }

        if (step == ResponseScript.Hang && _hanging.TryAdd(request, true))
        {
            Interlocked.Decrement(ref _busy);
        }

        if (step is not null)
        {
            return step(request);
        }

        var done = JobDuration is { } duration && _jobStarted is { } started && clock.GetUtcNow() - started >= duration;
        return Status(done ? "SUCCESS" : "IN_PROGRESS")(request);
    }

    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> Status(string status, string? message = null) => ResponseScript.Answer(() => Responses.Json(
        HttpStatusCode.OK,
        message is null
            ? $$"""{"_id":"{{TestIds.DockStatusId}}","modelId":"{{TestIds.ModelId}}","jobType":"MODELS","action":"DEPLOY","status":"{{status}}"}"""
            : $$"""{"_id":"{{TestIds.DockStatusId}}","modelId":"{{TestIds.ModelId}}","jobType":"MODELS","action":"DEPLOY","status":"{{status}}","message":"{{message}}"}"""));

    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> Error(int status, string? json = null) =>
        ResponseScript.Answer(() => Responses.Json((HttpStatusCode)status, json ?? $$"""{"errors":[{"msg":"status {{status}}","code":{{status}}}]}"""));

    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> HtmlGateway() =>
        ResponseScript.Answer(() => Responses.Text(HttpStatusCode.BadGateway, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"));

    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> RateLimited(int retryAfterSeconds) => ResponseScript.Answer(() =>
    {
        var response = Responses.Json((HttpStatusCode)429, """{"errors":[{"msg":"Rate limit for this API has been reached. Please try again later","code":429}]}""");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
        return response;
    });

    /// <summary>A request that is never answered: the caller's attempt timeout must end it.</summary>
    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> Hanging() => ResponseScript.Hang;

    private sealed class Handler(ScriptedJob job) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref job._busy);
            try
            {
                var answer = job.Respond(request);
                if (job._hanging.ContainsKey(request))
                {
                    // Never answered: ends only when the client's attempt timeout or caller cancels it.
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }

                return await answer.ConfigureAwait(false);
            }
            finally
            {
                // A hanging request stopped counting when it was left to hang.
                if (!job._hanging.TryRemove(request, out _))
                {
                    Interlocked.Decrement(ref job._busy);
                }
            }
        }
    }
}
