using System.Net;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Polling;

/// <summary>
/// A stand-in for the Kore API that answers deploy and undeploy like the vendor's samples and answers Get Dock Status
/// from a script (one step per poll), then from a job that succeeds after a set duration. Records when each request came.
/// </summary>
internal sealed class ScriptedKoreHandler(TimeProvider clock) : HttpMessageHandler
{
    public const string DockStatusId = "ds-d0a1b2c3-b4d9-5e60-8f75-5b0123456781";
    public const string ModelId = "cm-77a1b2cb-e4f9-5a6c-8d86-512345678901";

    private readonly Queue<Step> _script = new();
    private readonly object _gate = new();
    private int _busy;
    private DateTimeOffset? _jobStarted;

    public List<(DateTimeOffset At, HttpMethod Method, string Path)> Requests { get; } = [];

    /// <summary>Replaces the vendor-shaped deploy answer, for answers the service may give at once.</summary>
    public string? DeployAnswer { get; set; }

    /// <summary>How long after the deploy call the job reports SUCCESS when the script is exhausted; null = never.</summary>
    public TimeSpan? JobDuration { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsBusy => Volatile.Read(ref _busy) > 0;

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

    public ScriptedKoreHandler Then(params Step[] steps)
    {
        foreach (var step in steps)
        {
            _script.Enqueue(step);
        }

        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _busy);
        try
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
                return DeployAnswer is { } answer ? Responses.Json(HttpStatusCode.OK, answer) : Responses.Json(HttpStatusCode.OK, $$"""{"dock-statusId":"{{DockStatusId}}","modelId":"{{ModelId}}","jobType":"MODELS","action":"{{action}}","status":"IN_PROGRESS"}""");
            }

            Step? step;
            lock (_gate)
            {
                _script.TryDequeue(out step);
            }

            if (step is { Hang: true })
            {
                // A request that is never answered: the caller's attempt timeout must end it. It does not count as busy,
                // because the code under test is now waiting on that timeout's timer.
                Interlocked.Decrement(ref _busy);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                finally
                {
                    Interlocked.Increment(ref _busy);
                }
            }

            if (step is not null)
            {
                return step.Respond();
            }

            var done = JobDuration is { } duration && _jobStarted is { } started && clock.GetUtcNow() - started >= duration;
            return Status(done ? "SUCCESS" : "IN_PROGRESS").Respond();
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
        }
    }

    public static Step Status(string status, string? message = null) => new(() => Responses.Json(
        HttpStatusCode.OK,
        message is null
            ? $$"""{"_id":"{{DockStatusId}}","modelId":"{{ModelId}}","jobType":"MODELS","action":"DEPLOY","status":"{{status}}"}"""
            : $$"""{"_id":"{{DockStatusId}}","modelId":"{{ModelId}}","jobType":"MODELS","action":"DEPLOY","status":"{{status}}","message":"{{message}}"}"""));

    public static Step Error(int status, string? json = null) => new(() => Responses.Json((HttpStatusCode)status, json ?? $$"""{"errors":[{"msg":"status {{status}}","code":{{status}}}]}"""));

    public static Step HtmlGateway() => new(() => Responses.Text(HttpStatusCode.BadGateway, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"));

    public static Step RateLimited(int retryAfterSeconds) => new(() =>
    {
        var response = Responses.Json((HttpStatusCode)429, """{"errors":[{"msg":"Rate limit for this API has been reached. Please try again later","code":429}]}""");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
        return response;
    });

    public static Step Hanging() => new(() => throw new InvalidOperationException("A hanging request is never answered.")) { Hang = true };

    internal sealed record Step(Func<HttpResponseMessage> Respond)
    {
        public bool Hang { get; init; }
    }
}
