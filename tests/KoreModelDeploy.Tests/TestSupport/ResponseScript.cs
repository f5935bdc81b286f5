using System.Collections.Concurrent;

namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>
/// The answer side of a MockHttp expectation (<c>mock.When(...).Respond(script)</c>): plays one step per request,
/// repeating the last, and records every request as it arrived, body included, before the client disposes it.
/// </summary>
public sealed class ResponseScript : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] _steps;
    private int _next;

    public ResponseScript(params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] steps)
    {
        if (steps.Length == 0)
        {
            throw new ArgumentException("A script needs at least one step.", nameof(steps));
        }

        _steps = steps;
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Count => Requests.Count;

    public static ResponseScript Of(params Func<HttpResponseMessage>[] responses) =>
        new(responses.Select(r => (Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>)((_, _) => Task.FromResult(r()))).ToArray());

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Answer(Func<HttpResponseMessage> response) =>
        (_, _) => Task.FromResult(response());

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Fail(Func<Exception> exception) =>
        (_, _) => Task.FromException<HttpResponseMessage>(exception());

    /// <summary>Never answers; ends only when the attempt is cancelled, as a silent server does.</summary>
    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Hang { get; } = async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        throw new InvalidOperationException("unreachable");
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(await RecordedRequest.CaptureAsync(request));
        var index = Interlocked.Increment(ref _next) - 1;
        var step = _steps[Math.Min(index, _steps.Length - 1)];
        return await step(request, cancellationToken);
    }
}
