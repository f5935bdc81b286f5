using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.Reliability.Support;
using KoreModelDeploy.Tests.TestSupport;
using KoreModelDeploy.Tests.TestSupport.Hostile;
using KoreModelDeploy.Transport;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Tests.Reliability.Secrets;

/// <summary>
/// Raw-socket servers that echo the key where .NET itself quotes it (a header line without a colon), in a long request
/// id, across the 64 KB cut of an error body, in a redirect's Location, or drop the connection: the key reaches no
/// exception message, inner exception, ToString, log entry (Trace and up) or activity the package writes.
/// </summary>
/// <remarks>
/// .NET's own <c>System.Net.Http</c> activity records the same error text; the package cannot reach it (README says so),
/// so only the package's activities are checked here.
/// </remarks>
[Collection(SerialGroup.Name)]
public sealed class HostileEchoTests
{
    private const string Key = ReliabilitySetup.ApiKey;
    private const string StatusJson = $$"""{"_id":"{{TestIds.DockStatusId}}","modelId":"{{TestIds.ModelId}}","jobType":"MODELS","action":"DEPLOY","status":"SUCCESS"}""";

    /// <summary>The answers a hostile server gives; each one puts the key somewhere in what the client receives.</summary>
    public static TheoryData<string> Echoes => ["malformed header line", "long request id", "body across the 64 KB cut", "redirect location", "dropped connection"];

    [Fact]
    public async Task The_echo_really_reaches_dotnets_own_error_text()
    {
        // Guards the suite: without the package's scrubbing, the key would be in the exception a plain HttpClient throws.
        await using var server = HostileServer.Start(HostileServer.Service, Reply("malformed header line"));
        using var http = new HttpClient();

        var error = await FluentActions.Awaiting(() => http.GetAsync(server.Url("/api/public/dock-status/" + TestIds.DockStatusId))).Should().ThrowAsync<HttpRequestException>();

        error.Which.HttpRequestError.Should().Be(HttpRequestError.InvalidResponse);
        error.Which.Message.Should().Contain("X-Echo " + Key);
    }

    [Theory]
    [MemberData(nameof(Echoes))]
    public async Task Every_call_against_an_echoing_server_keeps_the_key_out_of_everything_the_package_writes(string echo)
    {
        await using var server = HostileServer.Start(HostileServer.Service, Reply(echo));
        using var telemetry = new TelemetryCapture();
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var clock = new TestClock();
        var client = new ModelDeploymentClient(new HttpClient(KoreHttpHandlers.CreateShared(LoopbackBypassProxy.Platform)), OnVirtualTime(server), loggers, clock);
        var exceptions = new List<Exception>();

        Task[] calls =
        [
            client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, ReliabilitySetup.Request),
            client.UndeployAsync(TestIds.ModelId),
            client.GetDockStatusAsync(TestIds.DockStatusId),
            client.GetDockOperation(TestIds.DockStatusId).WaitForCompletionAsync(),
        ];
        foreach (var call in calls)
        {
            // Retry and poll delays pass on the virtual clock whenever the server has nothing left to do.
            await RunAsync(clock, call, server);
            exceptions.Add(call.Exception?.InnerException ?? throw new InvalidOperationException("A call against a hostile server succeeded."));
        }

        exceptions.Should().AllBeAssignableTo<KoreApiException>();
        foreach (var exception in exceptions)
        {
            SecretScanner.Flatten(exception).Should().NotContainAny(KeyPieces(), "exception text and properties, inner exceptions included, must not carry the key ({0})", echo);
        }

        logs.Entries.Should().NotBeEmpty();
        logs.Entries.SelectMany(e => e.AllText()).Should().NotContain(t => KeyPieces().Any(p => t.Contains(p, StringComparison.Ordinal)), "no log entry may carry the key");
        var ours = telemetry.Activities.Where(a => a.StartsWith("KoreModelDeploy ", StringComparison.Ordinal)).ToList();
        ours.Should().NotBeEmpty().And.NotContain(a => KeyPieces().Any(p => a.Contains(p, StringComparison.Ordinal)), "the package's activities must not carry the key");
    }

    [Theory]
    [MemberData(nameof(Echoes))]
    public async Task On_the_system_clock_where_attempts_share_deadlines_the_key_stays_out_and_no_attempt_times_out(string echo)
    {
        await using var server = HostileServer.Start(HostileServer.Service, Reply(echo));
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var options = ReliabilitySetup.Options(o =>
        {
            o.Host = server.BaseAddress;
            o.Retry.MaxRetries = 1;
            o.Retry.Delay = TimeSpan.Zero;
        });
        var client = new ModelDeploymentClient(new HttpClient(KoreHttpHandlers.CreateShared(LoopbackBypassProxy.Platform)), options, loggers);

        foreach (var call in new Func<Task>[]
        {
            () => client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, ReliabilitySetup.Request),
            () => client.GetDockStatusAsync(TestIds.DockStatusId),
        })
        {
            var error = (await call.Should().ThrowAsync<KoreApiException>()).Which;

            // Every echo answers or drops the connection at once: a deadline that fired early would show as a timeout.
            error.Kind.Should().NotBe(KoreErrorKind.Timeout, "nothing here waits anywhere near the 5 s attempt timeout ({0})", echo);
            SecretScanner.Flatten(error).Should().NotContainAny(KeyPieces(), "exception text and properties must not carry the key ({0})", echo);
        }

        logs.Entries.Should().NotBeEmpty();
        logs.Entries.SelectMany(e => e.AllText()).Should().NotContain(t => KeyPieces().Any(p => t.Contains(p, StringComparison.Ordinal)), "no log entry may carry the key");
    }

    [Fact]
    public async Task A_malformed_header_echo_is_scrubbed_from_the_message_the_inner_exception_and_each_log_event()
    {
        await using var server = HostileServer.Start(HostileServer.Service, Reply("malformed header line"));
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var clock = new TestClock();
        var client = new ModelDeploymentClient(new HttpClient(KoreHttpHandlers.CreateShared(LoopbackBypassProxy.Platform)), OnVirtualTime(server), loggers, clock);

        var read = client.GetDockStatusAsync(TestIds.DockStatusId);
        await RunAsync(clock, read, server);
        var wait = client.GetDockOperation(TestIds.DockStatusId).WaitForCompletionAsync();
        await RunAsync(clock, wait, server);

        var error = read.Exception!.InnerException.Should().BeOfType<KoreApiException>().Subject;
        error.Kind.Should().Be(KoreErrorKind.Network);
        error.Attempts.Should().Be(4, "retry decisions are taken on .NET's own exception, which a GET retries");
        error.Message.Should().Contain("X-Echo [REDACTED]").And.NotContain(Key).And.NotContain("..", "a quoted sentence of .NET's is not closed twice");
        var inner = error.InnerException.Should().BeOfType<HttpRequestException>().Subject;
        inner.HttpRequestError.Should().Be(HttpRequestError.InvalidResponse, "the scrubbed copy keeps what callers inspect");
        inner.Message.Should().Contain("X-Echo [REDACTED]");

        logs.Entries.Where(e => e.EventId.Id == 2).Should().NotBeEmpty().And.AllSatisfy(e =>
        {
            e.Message.Should().NotContain(Key);
            e.Exception!.ToString().Should().Contain("X-Echo [REDACTED]").And.NotContain(Key);
        });
        logs.Entries.Where(e => e.EventId.Id == 3).Should().NotBeEmpty().And.AllSatisfy(e => e.Message.Should().Contain("X-Echo [REDACTED]").And.NotContain(Key));
        logs.Entries.Where(e => e.EventId.Id == 11).Should().NotBeEmpty().And.AllSatisfy(e => e.Message.Should().Contain("X-Echo [REDACTED]").And.NotContain(Key));
    }

    [Fact]
    public async Task A_long_request_id_ending_in_the_key_is_scrubbed_before_it_is_cut()
    {
        var requestId = new string('r', 95) + Key;
        await using var server = HostileServer.Start(HostileServer.Service, HostileReply.Answer(500, "oops", "x-request-id: " + requestId));
        var client = new ModelDeploymentClient(ReliabilitySetup.Options(o => o.Host = server.BaseAddress));

        var error = (await client.Invoking(c => c.DeployAsync(TestIds.ModelId, ModelType.OpenSource, ReliabilitySetup.Request)).Should().ThrowAsync<KoreApiException>()).Which;

        error.RequestId.Should().Be(new string('r', 95) + "[REDACTED]");
        error.Message.Should().Contain("Request id: " + error.RequestId);
        SecretScanner.Flatten(error).Should().NotContainAny(KeyPieces());
    }

    /// <summary>
    /// Retry and poll delays on the virtual clock, timeouts out of its reach: the clock cannot see socket I/O, so it may
    /// take a moment of it for idleness and move on, and moving in half-second steps it never gets near a timeout.
    /// </summary>
    private static KoreModelDeployOptions OnVirtualTime(HostileServer server) => ReliabilitySetup.Options(o =>
    {
        o.Host = server.BaseAddress;
        o.Timeout = TimeSpan.FromHours(1);
        o.AttemptTimeout = TimeSpan.FromMinutes(10);
        o.Polling.Timeout = TimeSpan.FromHours(1);
    });

    private static async Task RunAsync(TestClock clock, Task call, HostileServer server)
    {
        var seen = 0;
        await clock.RunAsync(
            call.ContinueWith(static _ => { }, TaskScheduler.Default),
            () => seen != (seen = server.Requests.Count),
            limit: TimeSpan.FromMinutes(30),
            step: TimeSpan.FromMilliseconds(500));
    }

    private static HostileReply Reply(string echo) => echo switch
    {
        "malformed header line" => HostileReply.Raw($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Echo {Key}\r\nContent-Length: {StatusJson.Length}\r\nConnection: close\r\n\r\n{StatusJson}"),
        "long request id" => HostileReply.Answer(503, "busy", "x-request-id: " + new string('r', 95) + Key),
        "body across the 64 KB cut" => HostileReply.Answer(502, new string('x', ResponseBodyReader.MaxErrorBodyBytes - 12) + Key + new string('y', 100), "Content-Type: text/plain"),
        "redirect location" => HostileReply.Redirect(307, "http://127.0.0.2:9/?token=" + Key, Key),
        "dropped connection" => HostileReply.Drop,
        _ => throw new ArgumentOutOfRangeException(nameof(echo), echo, null),
    };

    /// <summary>The key and every 10-character piece of it: a cut key must not survive as a piece either.</summary>
    private static string[] KeyPieces() => [Key, .. Enumerable.Range(0, Key.Length - 9).Select(i => Key.Substring(i, 10))];
}
