using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.PostgreSql.Tests.TestSupport;

/// <summary>
/// A loopback server in front of the emulator that records when each dock status call arrives, which instance sent it
/// (the <c>X-Kore-Test-Instance</c> header) and what the emulator answered, then passes the answer back.
/// </summary>
internal sealed class RecordingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentQueue<ArrivedPoll> _polls = new();

    private RecordingProxy(WebApplication app, HttpClient upstream)
    {
        _app = app;
        _upstream = upstream;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The dock status calls for <paramref name="dockStatusId"/>, in the order they arrived.</summary>
    public IReadOnlyList<ArrivedPoll> PollsOf(string dockStatusId) => [.. _polls.Where(p => p.DockStatusId == dockStatusId).OrderBy(p => p.At)];

    public static async Task<RecordingProxy> StartAsync(Uri emulator)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var proxy = new RecordingProxy(app, new HttpClient { BaseAddress = emulator });
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        proxy.BaseAddress = new Uri(app.Urls.First());
        return proxy;
    }

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
        if (request.Path.Value?.Contains("dock-status", StringComparison.OrdinalIgnoreCase) == true)
        {
            var id = request.Path.Value[(request.Path.Value.LastIndexOf('/') + 1)..];
            _polls.Enqueue(new ArrivedPoll(arrived, id, (string?)request.Headers["X-Kore-Test-Instance"] ?? "(none)", (int)answer.StatusCode));
        }

        context.Response.StatusCode = (int)answer.StatusCode;
        if (answer.Headers.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString();
        }

        context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
        await context.Response.Body.WriteAsync(await answer.Content.ReadAsByteArrayAsync());
    }
}

/// <summary>A dock status call as it arrived: when (a <see cref="Stopwatch"/> timestamp), from which instance, answered how.</summary>
internal sealed record ArrivedPoll(long At, string DockStatusId, string Instance, int Status)
{
    public static TimeSpan Between(ArrivedPoll first, ArrivedPoll second) => Stopwatch.GetElapsedTime(first.At, second.At);
}
