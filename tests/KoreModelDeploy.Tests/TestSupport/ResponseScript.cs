using System.Collections.Concurrent;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>
/// The answer side of a MockHttp expectation (<c>mock.When(...).Respond(script)</c>): plays one step per request,
/// repeating the last, and records every request as it arrived, body included, before the client disposes it.
/// </summary>
/// <remarks>
/// MockHttp 7 loses a faulted response task (its continuation reads the result first and the call never completes),
/// so failure steps throw synchronously, which MockHttp does propagate. A hanging step is simply a task that never
/// completes: MockHttp cancels the call itself when the client's token fires.
/// </remarks>
public sealed class ResponseScript
{
    private readonly Func<HttpRequestMessage, Task<HttpResponseMessage>>[] _steps;
    private int _next;

    public ResponseScript(params Func<HttpRequestMessage, Task<HttpResponseMessage>>[] steps)
    {
        if (steps.Length == 0)
        {
            throw new ArgumentException("A script needs at least one step.", nameof(steps));
        }

        _steps = steps;
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Count => Requests.Count;

    /// <summary>Never answers; ends only when the client cancels the attempt, as a silent server does.</summary>
    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> Hang { get; } = _ => new TaskCompletionSource<HttpResponseMessage>().Task;

    public static ResponseScript Of(params Func<HttpResponseMessage>[] responses) => new(responses.Select(Answer).ToArray());

    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> Answer(Func<HttpResponseMessage> response) =>
        _ => Task.FromResult(response());

    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> Fail(Func<Exception> exception) =>
        _ => throw exception();

    public Task<HttpResponseMessage> Respond(HttpRequestMessage request)
    {
        Requests.Enqueue(RecordedRequest.Capture(request));
        var index = Interlocked.Increment(ref _next) - 1;
        return _steps[Math.Min(index, _steps.Length - 1)](request);
    }
}

public static class ResponseScriptExtensions
{
    public static MockedRequest Respond(this MockedRequest source, ResponseScript script) => source.Respond(script.Respond);
}
