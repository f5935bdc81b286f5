using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Transport;

/// <summary>Attempt and overall timeouts, on a fake clock: a silent server becomes <see cref="KoreErrorKind.Timeout"/>.</summary>
public class TimeoutTests
{
    private static async Task<KoreApiException> FailureOf(Task call)
    {
        var exception = await Eventually.Within(call.ContinueWith(t => t.Exception?.InnerException, TaskScheduler.Default));
        return exception.Should().BeOfType<KoreApiException>().Subject;
    }

    /// <summary>Starts a status read against a server that never answers, on a fake clock.</summary>
    private static (TestClock Time, ResponseScript Script, Task<DockStatus> Call) StartStatusReadAgainstSilentServer(Action<KoreModelDeployOptions> configure)
    {
        var time = new TestClock();
        var mock = TestClients.StrictMock();
        var script = new ResponseScript(ResponseScript.Hang);
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(script);
        var client = TestClients.Create(mock, configure, timeProvider: time);
        return (time, script, client.GetDockStatusAsync(TestIds.DockStatusId));
    }

    [Fact]
    public async Task Get_attempt_timeout_is_retried_then_reported_as_timeout()
    {
        var (time, script, call) = StartStatusReadAgainstSilentServer(o => { o.AttemptTimeout = TimeSpan.FromSeconds(1); o.Retry.MaxRetries = 2; });
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await Eventually.WaitUntilAsync(() => script.Count == attempt, $"attempt {attempt}");
            await time.WaitForTimerAsync(TimeSpan.FromSeconds(1), attempt);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var exception = await FailureOf(call);
        exception.Kind.Should().Be(KoreErrorKind.Timeout);
        exception.Status.Should().Be(0);
        exception.Attempts.Should().Be(3);
        exception.Message.Should().StartWith($"GET /api/public/dock-status/{TestIds.DockStatusId} failed: no answer within 1 s.");
        exception.ShouldNotContainSecret(TestClients.ApiKey);
        script.Count.Should().Be(3);
    }

    [Fact]
    public async Task Overall_timeout_ends_the_call_across_retries()
    {
        var (time, script, call) = StartStatusReadAgainstSilentServer(o => { o.Timeout = TimeSpan.FromSeconds(2.5); o.AttemptTimeout = TimeSpan.FromSeconds(1); o.Retry.MaxRetries = 10; });
        await Eventually.WaitUntilAsync(() => script.Count == 1, "attempt 1");
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));

        // The retries run under what is left of the 2.5 s budget the first attempt started.
        await Eventually.WaitUntilAsync(() => script.Count == 2, "attempt 2");
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1.5));
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1), 2);
        time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.WaitUntilAsync(() => script.Count == 3, "attempt 3");
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1), 3);
        time.Advance(TimeSpan.FromSeconds(0.5));

        var exception = await FailureOf(call);
        exception.Kind.Should().Be(KoreErrorKind.Timeout);
        exception.Attempts.Should().Be(3);
        exception.Message.Should().Contain("no answer within 2.5 s", "the overall timeout is reported as configured, not as what was left of it");
        script.Count.Should().Be(3, "the overall timeout stops further retries");
    }

    [Fact]
    public async Task A_first_attempt_that_spends_the_whole_budget_is_not_retried()
    {
        var (time, script, call) = StartStatusReadAgainstSilentServer(o => { o.Timeout = TimeSpan.FromSeconds(2); o.AttemptTimeout = TimeSpan.FromSeconds(2); o.Retry.MaxRetries = 5; });
        await Eventually.WaitUntilAsync(() => script.Count == 1, "attempt 1");
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));

        var exception = await FailureOf(call);
        exception.Kind.Should().Be(KoreErrorKind.Timeout);
        exception.Attempts.Should().Be(1);
        exception.Message.Should().Contain("no answer within 2 s");
        time.Advance(TimeSpan.FromMinutes(1));
        script.Count.Should().Be(1, "nothing is left of the budget for a retry");
    }

    [Fact]
    public async Task Overall_timeout_cuts_a_backoff_delay_short()
    {
        var time = new TestClock();
        var mock = TestClients.StrictMock();
        var script = ResponseScript.Of(() => new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable));
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(script);
        var client = TestClients.Create(
            mock,
            o => { o.Timeout = TimeSpan.FromSeconds(5); o.AttemptTimeout = TimeSpan.FromSeconds(1); o.Retry.Delay = TimeSpan.FromSeconds(20); o.Retry.MaxDelay = TimeSpan.FromSeconds(20); },
            timeProvider: time);

        var call = client.GetDockStatusAsync(TestIds.DockStatusId);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(20));
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(5));

        var exception = await FailureOf(call);
        exception.Kind.Should().Be(KoreErrorKind.Timeout);
        exception.Message.Should().Contain("no answer within 5 s");
        exception.Attempts.Should().Be(1);
        script.Count.Should().Be(1, "the 20 s backoff does not fit in the 5 s budget");
    }

    [Fact]
    public async Task A_retry_after_longer_than_what_is_left_of_the_timeout_is_surfaced_at_once()
    {
        var time = new TestClock();
        var mock = TestClients.StrictMock();
        var script = ResponseScript.Of(() =>
        {
            var busy = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);
            busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(20));
            return busy;
        });
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(script);
        var client = TestClients.Create(mock, o => { o.Timeout = TimeSpan.FromSeconds(5); o.AttemptTimeout = TimeSpan.FromSeconds(1); }, timeProvider: time);

        var exception = await FailureOf(client.GetDockStatusAsync(TestIds.DockStatusId));

        exception.Kind.Should().Be(KoreErrorKind.ServerError, "the service's own answer says more than a timeout would");
        exception.Status.Should().Be(503);
        exception.RetryAfter.Should().Be(TimeSpan.FromSeconds(20));
        exception.Attempts.Should().Be(1);
        time.Elapsed.Should().Be(TimeSpan.Zero, "the call ends without waiting on the clock");
        script.Count.Should().Be(1, "a 20 s wait does not fit in the 5 s budget, so the caller decides");
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("undeploy")]
    public async Task Post_attempt_timeout_is_not_re_sent(string operation)
    {
        var time = new TestClock();
        var mock = TestClients.StrictMock();
        var script = new ResponseScript(ResponseScript.Hang);
        var expectation = mock.When(HttpMethod.Post, operation == "deploy" ? TestClients.DeployUrl() : TestClients.UndeployUrl).Respond(script);
        var client = TestClients.Create(mock, o => o.AttemptTimeout = TimeSpan.FromSeconds(1), timeProvider: time);

        Task call = operation == "deploy"
            ? client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest)
            : client.UndeployAsync(TestIds.ModelId);
        await Eventually.WaitUntilAsync(() => script.Count == 1, "the POST");
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));

        var exception = await FailureOf(call);
        exception.Kind.Should().Be(KoreErrorKind.Timeout);
        exception.Method.Should().Be("POST");
        time.Advance(TimeSpan.FromMinutes(5));
        mock.GetMatchCount(expectation).Should().Be(1, "a POST that may have arrived is never sent twice");
    }
}
