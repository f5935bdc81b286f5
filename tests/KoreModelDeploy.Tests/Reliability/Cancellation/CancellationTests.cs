using System.Net;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.Reliability.Support;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Reliability.Cancellation;

/// <summary>
/// Cancelling releases the caller at once wherever the call is (in a request, a retry delay, a poll delay), with virtual
/// time standing still, and leaves no timer and no request running behind it.
/// </summary>
[Collection(SerialGroup.Name)]
public sealed class CancellationTests
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ServiceRetryAfter = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollDelay = TimeSpan.FromMinutes(10);

    // Every delay in play is a minute or more and every request hangs until cancelled, so a call that ends within this
    // bound did not wait anything out; the bound is that generous because a busy machine can take seconds to run the
    // continuation (a stopwatch limit of 2 s failed there).
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(30);

    public enum Where
    {
        DeployInRequest,
        StatusInRequest,
        WaitInRequest,
        DeployInRetryDelayAfter429,
        StatusInRetryDelayAfter503,
        WaitInPollDelay,
        WaitInPollDelayAfterFailure,
        WatchInPollDelay,
    }

    [Theory]
    [InlineData(Where.DeployInRequest)]
    [InlineData(Where.StatusInRequest)]
    [InlineData(Where.WaitInRequest)]
    [InlineData(Where.DeployInRetryDelayAfter429)]
    [InlineData(Where.StatusInRetryDelayAfter503)]
    [InlineData(Where.WaitInPollDelay)]
    [InlineData(Where.WaitInPollDelayAfterFailure)]
    [InlineData(Where.WatchInPollDelay)]
    public async Task Cancelling_releases_promptly_and_leaves_no_timer_or_request_behind(Where where)
    {
        var time = new TestClock();
        var started = time.GetUtcNow();
        var mock = TestClients.StrictMock();
        var script = new ResponseScript(request => Answer(where, request) is { } answer ? Task.FromResult(answer) : ResponseScript.Hang(request));
        mock.When("*").Respond(script);
        using var handler = new InFlightCounter(mock);
        var options = ReliabilitySetup.Options(o =>
        {
            o.Timeout = TimeSpan.FromHours(1);
            o.AttemptTimeout = TimeSpan.FromMinutes(5);
            o.Retry = new KoreRetryOptions { MaxRetries = 3, Delay = RetryDelay, MaxDelay = TimeSpan.FromMinutes(10), UseJitter = false };
            o.Polling = new DockPollingOptions { InitialDelay = PollDelay, MaxDelay = PollDelay, Jitter = 0, Timeout = TimeSpan.FromDays(1) };
        });
        var client = ReliabilitySetup.Client(handler, time, options);
        using var cts = new CancellationTokenSource();

        var call = Start(where, client, cts.Token);
        await Eventually.WaitUntilAsync(() => IsParked(where, script, handler, time), "the call to reach the point where it is cancelled");
        var callsWhenParked = script.Count;

        await cts.CancelAsync();
        var finished = await Task.WhenAny(call, Task.Delay(Prompt)) == call;

        finished.Should().BeTrue("a cancelled call must not hang");
        await call.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>();
        time.GetUtcNow().Should().Be(started, "virtual time never moved: nothing was waited out");
        await Eventually.WaitUntilAsync(() => time.LiveTimerCount == 0 && handler.Count == 0, "timers and requests to be released");
        time.CreatedTimerCount.Should().BeGreaterThan(0, "the tracking must have seen the client's timers");
        script.Count.Should().Be(callsWhenParked, "cancelling sends nothing more");
    }

    /// <summary>The answer at each place the call is parked; null means none: the request hangs until cancelled.</summary>
    private static HttpResponseMessage? Answer(Where where, HttpRequestMessage request)
    {
        var isStatus = request.Method == HttpMethod.Get;
        return where switch
        {
            Where.DeployInRequest or Where.StatusInRequest or Where.WaitInRequest => null,
            Where.DeployInRetryDelayAfter429 => Responses.Json(HttpStatusCode.TooManyRequests, """{"errors":[{"msg":"Rate limit","code":429}]}"""),
            // The delay the service asks for (Retry-After, unlike the configured one) is cancellable like any other.
            Where.StatusInRetryDelayAfter503 => Responses.RetryAfterSeconds(503, (int)ServiceRetryAfter.TotalSeconds),
            Where.WaitInPollDelayAfterFailure => Responses.Json(HttpStatusCode.ServiceUnavailable, "{}"),
            _ when isStatus => Responses.Json(HttpStatusCode.OK, $$"""{"_id":"{{TestIds.DockStatusId}}","status":"IN_PROGRESS"}"""),
            _ => null,
        };
    }

    private static Task Start(Where where, ModelDeploymentClient client, CancellationToken token) => where switch
    {
        Where.DeployInRequest or Where.DeployInRetryDelayAfter429 => client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, ReliabilitySetup.Request, token),
        Where.StatusInRequest or Where.StatusInRetryDelayAfter503 => client.GetDockStatusAsync(TestIds.DockStatusId, token),
        Where.WatchInPollDelay => WatchAsync(client.GetDockOperation(TestIds.DockStatusId), token),
        _ => client.GetDockOperation(TestIds.DockStatusId).WaitForCompletionAsync(token),
    };

    private static async Task WatchAsync(DockOperation operation, CancellationToken token)
    {
        await foreach (var status in operation.WatchAsync(cancellationToken: token))
        {
            status.Status.Should().Be(DockJobStatus.InProgress);
        }
    }

    private static bool IsParked(Where where, ResponseScript script, InFlightCounter handler, TestClock time) => where switch
    {
        Where.DeployInRequest or Where.StatusInRequest or Where.WaitInRequest => handler.Count == 1 && script.Count == 1,
        Where.DeployInRetryDelayAfter429 => script.Count == 1 && time.HasLiveTimer(RetryDelay),
        Where.StatusInRetryDelayAfter503 => script.Count == 1 && time.HasLiveTimer(ServiceRetryAfter),
        _ => script.Count >= 1 && time.HasLiveTimer(PollDelay),
    };
}
