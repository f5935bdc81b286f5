using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Testing;

/// <summary>
/// A loopback server in front of the emulator that records every call processes make through it (when it arrived,
/// when its answer left, which instance sent it by the <c>X-Kore-Test-Instance</c> header and when by
/// <c>X-Kore-Test-Sent</c>, how it was answered) and
/// passes the emulator's answer back, <c>Retry-After</c> included. It can also hold the next matching call open, never
/// forwarding it, until its sender goes away: a test then knows a process is in the middle of that call when it kills it.
/// </summary>
internal sealed class VendorProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentQueue<VendorCall> _calls = new();
    private Hold? _hold;

    private VendorProxy(WebApplication app, HttpClient upstream)
    {
        _app = app;
        _upstream = upstream;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The polls of <paramref name="dockStatusId"/> that have ended, in the order they arrived.</summary>
    public IReadOnlyList<VendorCall> PollsOf(string dockStatusId) =>
        [.. _calls.Where(c => c.Method == "GET" && c.Path.EndsWith("/dock-status/" + dockStatusId, StringComparison.Ordinal)).OrderBy(c => c.Arrived)];

    /// <summary>The deploy requests for <paramref name="modelId"/> that have ended, held ones included.</summary>
    public int DeploysOf(string modelId) =>
        _calls.Count(c => c.Method == "POST" && c.Path.EndsWith($"/models/{modelId}/deploy", StringComparison.Ordinal));

    public static async Task<VendorProxy> StartAsync(Uri emulator)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var proxy = new VendorProxy(app, new HttpClient { BaseAddress = emulator });
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        proxy.BaseAddress = new Uri(app.Urls.First());
        return proxy;
    }

    /// <summary>Holds the next call that <paramref name="matches"/>; the task completes once that call has arrived.</summary>
    public Task HoldNext(Func<HttpRequest, bool> matches)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _hold, new Hold(matches, held));
        return held.Task;
    }

    public static bool IsPoll(HttpRequest request) => request.Method == "GET" && request.Path.Value?.Contains("/dock-status/", StringComparison.Ordinal) == true;

    public static bool IsDeploy(HttpRequest request) => request.Method == "POST" && request.Path.Value?.EndsWith("/deploy", StringComparison.Ordinal) == true;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        var instance = (string?)request.Headers["X-Kore-Test-Instance"] ?? "(none)";
        long? sent = long.TryParse((string?)request.Headers["X-Kore-Test-Sent"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var stamp) ? stamp : null;
        if (TakeHold(request) is { } held)
        {
            held.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The sender went away: the call ends here, unanswered and never forwarded.
            }

            _calls.Enqueue(new VendorCall(request.Method, path, instance, arrived, Stopwatch.GetTimestamp(), Status: 0) { Sent = sent });
            return;
        }

        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + request.QueryString);
        forwarded.Headers.TryAddWithoutValidation("x-api-key", (string?)request.Headers["x-api-key"]);
        if (request.ContentLength > 0 || request.Method == "POST")
        {
            var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            forwarded.Content = new ByteArrayContent(body.ToArray());
            forwarded.Content.Headers.TryAddWithoutValidation("Content-Type", (string?)request.ContentType);
        }

        using var answer = await _upstream.SendAsync(forwarded);
        var content = await answer.Content.ReadAsByteArrayAsync();
        context.Response.StatusCode = (int)answer.StatusCode;
        if (answer.Headers.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString();
        }

        context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
        await context.Response.Body.WriteAsync(content);
        await context.Response.CompleteAsync();
        _calls.Enqueue(new VendorCall(request.Method, path, instance, arrived, Stopwatch.GetTimestamp(), (int)answer.StatusCode) { Sent = sent });
    }

    private TaskCompletionSource? TakeHold(HttpRequest request)
    {
        var hold = Volatile.Read(ref _hold);
        if (hold is null || !hold.Matches(request))
        {
            return null;
        }

        // Only one call is held per HoldNext, even when two arrive together.
        return Interlocked.CompareExchange(ref _hold, null, hold) == hold ? hold.Held : null;
    }

    private sealed record Hold(Func<HttpRequest, bool> Matches, TaskCompletionSource Held);
}

/// <summary>
/// A call as the proxy saw it: the instance that sent it (<c>X-Kore-Test-Instance</c>), <see cref="Stopwatch"/>
/// timestamps of its arrival and of its answer's end, and the answer's status (0 for a held call).
/// </summary>
internal sealed record VendorCall(string Method, string Path, string Instance, long Arrived, long Ended, int Status)
{
    /// <summary>When the sender's HTTP pipeline handed the call to the network, as its <c>X-Kore-Test-Sent</c> header says; null without one.</summary>
    public long? Sent { get; init; }

    /// <summary>The time between two calls' hand-overs to the network by their senders.</summary>
    public static TimeSpan SentGap(VendorCall first, VendorCall second) => Stopwatch.GetElapsedTime(first.Sent!.Value, second.Sent!.Value);

    /// <summary>The time between two calls' arrivals.</summary>
    public static TimeSpan ArrivalGap(VendorCall first, VendorCall second) => Stopwatch.GetElapsedTime(first.Arrived, second.Arrived);
}
