using System.Text;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.Reliability.Support;
using KoreModelDeploy.Tests.TestSupport;
using KoreModelDeploy.Tests.TestSupport.Hostile;
using KoreModelDeploy.Transport;
using Microsoft.Extensions.Logging;

#pragma warning disable CA1845 // texts built to be read

namespace KoreModelDeploy.Tests.Reliability.Secrets;

/// <summary>
/// Raw-socket servers that send the key in a form the body's bytes do not show it in: JSON-escaped in a FAILED job's
/// message and in unmodeled fields, and as a chunk-size line, which .NET quotes in hexadecimal. The key, in any of its
/// forms, reaches no status, exception, ToString or log entry.
/// </summary>
[Collection(SerialGroup.Name)]
public sealed class EncodedKeyEchoTests
{
    private const string Key = ReliabilitySetup.ApiKey;

    [Fact]
    public async Task A_failed_jobs_message_holding_the_key_json_escaped_is_scrubbed_from_the_status_the_exception_and_the_logs()
    {
        var escaped = @"\u006b" + Key.Substring(1);
        var everyCharacter = string.Concat(Key.Select(c => $"\\u{(int)c:x4}"));
        var json = "{\"_id\":\"" + TestIds.DockStatusId + "\",\"modelId\":\"" + TestIds.ModelId + "\",\"jobType\":\"MODELS\",\"action\":\"DEPLOY\",\"status\":\"FAILED\","
            + "\"message\":\"rejected: key " + escaped + " is not allowed\","
            + "\"details\":{\"echo\":\"" + everyCharacter + "\",\"" + escaped + "\":[1,\"" + escaped + "\"]}}";
        await using var server = HostileServer.Start(HostileServer.Service, HostileReply.Json(200, json));
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var client = new ModelDeploymentClient(new HttpClient(KoreHttpHandlers.CreateShared(LoopbackBypassProxy.Platform)), ReliabilitySetup.Options(o => o.Host = server.BaseAddress), loggers);

        var status = await client.GetDockStatusAsync(TestIds.DockStatusId);
        var failed = (await client.GetDockOperation(TestIds.DockStatusId).Invoking(o => o.WaitForCompletionAsync()).Should().ThrowAsync<KoreJobFailedException>()).Which;

        status.Message.Should().Be("rejected: key [REDACTED] is not allowed");
        failed.VendorMessage.Should().Be("rejected: key [REDACTED] is not allowed");
        failed.Message.Should().EndWith("rejected: key [REDACTED] is not allowed");
        var details = status.AdditionalProperties["details"];
        details.GetProperty("echo").GetString().Should().Be("[REDACTED]");
        details.GetProperty("[REDACTED]")[1].GetString().Should().Be("[REDACTED]");
        foreach (var text in new[] { status.ToString(), failed.ToString(), failed.Status.ToString(), SecretScanner.Flatten(failed), details.GetRawText() })
        {
            EncodedKey.Pieces(Key).Should().NotContain(p => text.Contains(p, StringComparison.Ordinal), "the key in no form may reach a status or an exception");
            text.Should().NotContain(escaped).And.NotContain(@"\u006b");
        }

        logs.Entries.Should().Contain(e => e.EventId.Id == 12, "the failure is logged with the vendor's message");
        logs.Entries.SelectMany(e => e.AllText()).Should().NotContain(t => EncodedKey.Pieces(Key).Any(p => t.Contains(p, StringComparison.Ordinal)), "no log entry may carry the key");
    }

    [Fact]
    public async Task The_chunk_size_echo_really_reaches_dotnets_own_error_text_in_hexadecimal()
    {
        // Guards the suite: without the package's scrubbing, .NET's own message would quote the key's bytes in hex.
        await using var server = HostileServer.Start(HostileServer.Service, ChunkSizeEcho());
        using var http = new HttpClient();

        var error = await FluentActions.Awaiting(async () => await (await http.GetAsync(server.Url("/api/public/dock-status/" + TestIds.DockStatusId))).Content.ReadAsStringAsync())
            .Should().ThrowAsync<Exception>();

        SecretScanner.Flatten(error.Which).Should().Contain(BitConverter.ToString(Encoding.UTF8.GetBytes(Key)).Substring(0, 20));
    }

    [Fact]
    public async Task A_chunk_size_line_that_is_the_key_is_scrubbed_from_the_exception_chain_and_the_logs()
    {
        await using var server = HostileServer.Start(HostileServer.Service, ChunkSizeEcho());
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var clock = new TestClock();
        var client = new ModelDeploymentClient(new HttpClient(KoreHttpHandlers.CreateShared(LoopbackBypassProxy.Platform)), OnVirtualTime(server), loggers, clock);

        var read = client.GetDockStatusAsync(TestIds.DockStatusId);
        await RunAsync(clock, read, server);
        var wait = client.GetDockOperation(TestIds.DockStatusId).WaitForCompletionAsync();
        await RunAsync(clock, wait, server);

        foreach (var call in new[] { read, wait })
        {
            var error = call.Exception!.InnerException!;
            error.Should().BeAssignableTo<Exception>().Which.Message.Should().Contain("[REDACTED]", "the message says something was removed");
            for (var e = error; e is not null; e = e.InnerException)
            {
                EncodedKey.Pieces(Key).Should().NotContain(p => e.Message.Contains(p, StringComparison.Ordinal), "no message in the chain may quote the key ({0})", e.GetType().Name);
            }

            EncodedKey.Pieces(Key).Should().NotContain(p => SecretScanner.Flatten(error).Contains(p, StringComparison.Ordinal));
        }

        logs.Entries.Should().NotBeEmpty();
        logs.Entries.SelectMany(e => e.AllText()).Should().NotContain(t => EncodedKey.Pieces(Key).Any(p => t.Contains(p, StringComparison.Ordinal)), "no log entry may carry the key");
    }

    /// <summary>A chunked answer whose first chunk-size line is the key: .NET cannot parse it and quotes it in hex.</summary>
    private static HostileReply ChunkSizeEcho() =>
        HostileReply.Raw($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{Key}\r\n{{}}\r\n0\r\n\r\n");

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
}
