using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Security;

/// <summary>
/// apply against a raw-socket service that sends the key back in forms its bytes do not show it in: JSON-escaped in a
/// FAILED job's message, and as a chunk-size line, which .NET quotes in hexadecimal. The key, in no form (as is, hex,
/// Base64, percent-encoded or escaped), reaches stdout in either output mode, stderr, an <c>::error</c> annotation, the
/// step summary, the step outputs or the journal. deploy shows .NET's own message for the chunk-size line; apply, which
/// does not quote it, is checked for its journal.
/// </summary>
public sealed class EncodedKeyTests : IDisposable
{
    private const string Key = "kg-ENCODED-cli-4d1e7b20-SECRET";
    private const string DockStatusId = "ds-3f1e0c2a-7b4d-4e5f-8a9b-0c1d2e3f4a5b";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    public async Task A_FAILED_message_with_the_key_json_escaped_is_scrubbed_from_every_output_and_the_journal(string format)
    {
        var escaped = @"\u006b" + Key[1..];
        await using var service = new HostileService(request => request.StartsWith("POST ", StringComparison.Ordinal)
            ? HostileService.Json(200, $$"""{"dock-statusId":"{{DockStatusId}}","modelId":"model-01","jobType":"MODELS","action":"DEPLOY","status":"IN_PROGRESS"}""")
            : HostileService.Json(200, $$"""{"_id":"{{DockStatusId}}","modelId":"model-01","jobType":"MODELS","action":"DEPLOY","status":"FAILED","message":"quota refused for {{escaped}}"}"""));

        var run = await ApplyAsync(service, format);

        run.ExitCode.Should().Be(ExitCodes.JobFailed, run.ToString());
        run.All.Should().Contain("quota refused for [REDACTED]", "the message is shown, with the key taken out");
        AssertNoKeyInOutput(run);
        AssertNoKeyInJournal();
        File.ReadAllText(_dir.File("kore.test.journal.jsonl")).Should().Contain("quota refused for [REDACTED]", "the journal keeps the message, scrubbed");
    }

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    public async Task A_chunk_size_line_that_is_the_key_in_dotnets_hex_message_is_scrubbed_from_every_output_of_deploy(string format)
    {
        await using var service = new HostileService(_ => ChunkSizeEcho);
        var runner = GitHubRunner(service);
        var file = _dir.File("deploy.json");
        await File.WriteAllTextAsync(file, VendorSampleJson.OpenSourceRequest);

        var run = await runner.RunAsync("deploy", "model-01", "--type", "openSource", "--file", file, "-o", format);

        run.ExitCode.Should().Be(ExitCodes.ApiError, run.ToString());
        run.All.Should().Contain("chunk", "the answer's framing is what failed").And.Contain("[REDACTED]", ".NET's message is shown, with the key taken out");
        AssertNoKeyInOutput(run);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    public async Task A_chunk_size_line_that_is_the_key_is_kept_out_of_every_output_and_the_journal_of_apply(string format)
    {
        await using var service = new HostileService(_ => ChunkSizeEcho);

        var run = await ApplyAsync(service, format);

        run.ExitCode.Should().NotBe(0, run.ToString());
        service.Requests.Should().Be(1, "the deploy call may have started a job, so it is not sent again");
        AssertNoKeyInOutput(run);
        AssertNoKeyInJournal();
    }

    /// <summary>A chunked answer whose chunk-size line is the key: .NET cannot parse it and quotes it in hexadecimal.</summary>
    private static string ChunkSizeEcho =>
        $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{Key}\r\n{{}}\r\n0\r\n\r\n";

    private ToolRunner GitHubRunner(HostileService service)
    {
        var runner = ToolRunner.For(service.BaseAddress, Key);
        runner.Environment["GITHUB_ACTIONS"] = "true";
        runner.Environment["GITHUB_STEP_SUMMARY"] = _dir.File("summary.md");
        runner.Environment["GITHUB_OUTPUT"] = _dir.File("outputs.txt");
        return runner;
    }

    private async Task<ToolRun> ApplyAsync(HostileService service, string format)
    {
        await File.WriteAllTextAsync(_dir.File("kore.json"), TestSupport.Manifests.For(service.BaseAddress, [("model-01", 50)]));
        return await GitHubRunner(service).RunAsync("apply", "-f", _dir.File("kore.json"), "--env", "test", "--init", "--poll-delay", "10ms", "-o", format);
    }

    private void AssertNoKeyInOutput(ToolRun run)
    {
        EncodedKey.FoundIn(run.Out, Key).Should().BeEmpty("stdout must not carry the key: " + run);

        // The mask command names the key on purpose: it is how GitHub learns what to hide.
        var errorLines = run.Error.Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal)).ToList();
        errorLines.Should().Contain(l => l.StartsWith("::error", StringComparison.Ordinal), "the failure is annotated: " + run);
        EncodedKey.FoundIn(string.Join('\n', errorLines), Key).Should().BeEmpty("stderr and its ::error lines must not carry the key: " + run);

        var summary = File.ReadAllText(_dir.File("summary.md"));
        summary.Should().Contain("model-01", "the step summary has the model's row");
        EncodedKey.FoundIn(summary, Key).Should().BeEmpty("the step summary must not carry the key");
        if (File.Exists(_dir.File("outputs.txt")))
        {
            EncodedKey.FoundIn(File.ReadAllText(_dir.File("outputs.txt")), Key).Should().BeEmpty("the step outputs must not carry the key");
        }

    }

    private void AssertNoKeyInJournal()
    {
        var journal = File.ReadAllText(_dir.File("kore.test.journal.jsonl"));
        journal.Should().Contain("model-01");
        EncodedKey.FoundIn(journal, Key).Should().BeEmpty("the journal, uploaded as an artifact, must not carry the key");
    }
}
