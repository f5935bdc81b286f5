using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// A service on loopback that answers as a test scripts it, for what the emulator (a faithful copy of the service)
/// never does: statuses in other letters, ids of any shape, a status call that answers 404 forever. Jobs stay
/// <c>IN_PROGRESS</c> until <see cref="Release"/>; every call is counted. Deploy calls can be held unanswered
/// (<see cref="HoldDeploys"/>), so a test knows a process is in the middle of one when it kills it.
/// </summary>
internal sealed class ScriptedService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _deployPosts;
    private int _statusGets;
    private int _undeployPosts;
    private volatile bool _released;
    private volatile TaskCompletionSource? _deploysHeld;

    private ScriptedService(WebApplication app)
    {
        _app = app;
    }

    public const string ApiKey = "kg-scripted-secret-3b8e1f";

    public Uri Host => new(_app.Urls.First() + "/");

    /// <summary>The status a finished job answers with, spelled as the test wants (<c>success</c>, <c>Failed</c>).</summary>
    public string FinalStatus { get; set; } = "SUCCESS";

    /// <summary>The status a running job answers with.</summary>
    public string RunningStatus { get; set; } = "IN_PROGRESS";

    /// <summary>The id the next deploy answers with, from the count of deploys so far.</summary>
    public Func<int, string> NextId { get; set; } = n => $"ds-{n:000}";

    /// <summary>When set, every status call answers 404.</summary>
    public bool StatusNotFound { get; set; }

    /// <summary>Ids whose status call answers 404 for ever, whatever <see cref="StatusNotFound"/> says.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, bool> LostIds { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every undeploy is answered with this status, content type and body instead of a job.</summary>
    public (int Status, string ContentType, string Body)? UndeployAnswer { get; set; }

    public int UndeployPosts => Volatile.Read(ref _undeployPosts);

    public int DeployPosts => Volatile.Read(ref _deployPosts);

    public int StatusGets => Volatile.Read(ref _statusGets);

    public static IReadOnlyDictionary<string, string> ToolEnvironment => new Dictionary<string, string> { ["KORE_API_KEY"] = ApiKey };

    /// <summary>Running jobs answer <see cref="FinalStatus"/> from now on.</summary>
    public void Release() => _released = true;

    /// <summary>
    /// Holds every deploy call from now on: counted in <see cref="DeployPosts"/> the moment it arrives, answered only
    /// once <see cref="AnswerDeploys"/> is called, and never if it is not (a call whose sender goes away ends unanswered).
    /// </summary>
    public void HoldDeploys() => _deploysHeld ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers the held deploy calls, and every later one at once.</summary>
    public void AnswerDeploys() => Interlocked.Exchange(ref _deploysHeld, null)?.TrySetResult();

    public static async Task<ScriptedService> StartAsync(bool released = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var service = new ScriptedService(app) { _released = released };
        app.MapPost("/api/public/models/{modelId}/deploy", (HttpContext context, string modelId) => service.StartAsync(context, modelId, "DEPLOY", count: true));
        app.MapPost("/api/public/models/{modelId}/undeploy", (HttpContext context, string modelId) => service.StartAsync(context, modelId, "UNDEPLOY", count: false));
        app.MapGet("/api/public/dock-status/{id}", (HttpContext context, string id) => service.StatusAsync(context, id));
        await app.StartAsync();
        return service;
    }

    private async Task StartAsync(HttpContext context, string modelId, string action, bool count)
    {
        if (!count)
        {
            Interlocked.Increment(ref _undeployPosts);
            if (UndeployAnswer is { } answer)
            {
                context.Response.StatusCode = answer.Status;
                context.Response.ContentType = answer.ContentType;
                await context.Response.WriteAsync(answer.Body);
                return;
            }
        }

        var n = count ? Interlocked.Increment(ref _deployPosts) : 0;
        if (count && _deploysHeld is { } held)
        {
            try
            {
                await held.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The sender went away (killed): the call ends here, unanswered, and stays counted.
                return;
            }
        }

        var body = new Dictionary<string, string> { ["dock-statusId"] = NextId(n), ["modelId"] = modelId, ["jobType"] = "MODELS", ["action"] = action, ["status"] = RunningStatus };
        await WriteAsync(context, HttpStatusCode.OK, body);
    }

    private async Task StatusAsync(HttpContext context, string id)
    {
        Interlocked.Increment(ref _statusGets);
        if (StatusNotFound || LostIds.ContainsKey(id))
        {
            await WriteAsync(context, HttpStatusCode.NotFound, new Dictionary<string, string> { ["message"] = "Dock status " + id + " not found" });
            return;
        }

        var body = new Dictionary<string, string> { ["_id"] = id, ["jobType"] = "MODELS", ["action"] = "DEPLOY", ["status"] = _released ? FinalStatus : RunningStatus };
        await WriteAsync(context, HttpStatusCode.OK, body);
    }

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, Dictionary<string, string> body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    public async ValueTask DisposeAsync()
    {
        // Stopped first: disposing a running Kestrel waits for its own stop synchronously, holding a pool thread that
        // stop needs; with the pool capped as eng/stress-tests.sh caps it, two services disposed at once stalled the run.
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
