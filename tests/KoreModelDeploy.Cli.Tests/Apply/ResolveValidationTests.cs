using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>--resolve is input like any other: checked against the journal and the SDK's id rule before it is journaled.</summary>
public sealed class ResolveValidationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string ManifestPath => _dir.File("kore.json");

    private string JournalPath => _dir.File("kore.test.journal.jsonl");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("model-01=started:a b")]
    [InlineData("model-01=started:LONG")]
    [InlineData("model-99=not-started")]
    public async Task A_resolution_that_breaks_a_rule_is_refused_with_exit_3_and_nothing_is_journaled(string resolve)
    {
        await using var service = await ScriptedService.StartAsync();
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, 1));
        WriteUnknownJournal(service.Host);
        var before = File.ReadAllBytes(JournalPath);

        var run = await Apply(service, "--resolve", resolve.Replace("LONG", new string('x', 300), StringComparison.Ordinal));

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.Json.GetProperty("violations").GetArrayLength().Should().Be(1);
        File.ReadAllBytes(JournalPath).Should().Equal(before, "nothing is journaled");
        service.DeployPosts.Should().Be(0);
    }

    [Fact]
    public async Task An_unusable_id_an_earlier_release_journaled_is_unknown_and_a_new_resolve_replaces_it()
    {
        await using var service = await ScriptedService.StartAsync();
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, 1));
        WriteUnknownJournal(service.Host, """{"at":"2026-12-01T00:00:02+00:00","event":"resolved","modelId":"model-01","action":"deploy","resolution":"started","dockStatusId":"a b"}""");

        var stuck = await Apply(service);
        stuck.ExitCode.Should().Be(ExitCodes.UnknownState, stuck.ToString());
        stuck.Models()["model-01"].GetProperty("message").GetString().Should().Contain("'a b'").And.Contain("--resolve model-01=");

        var resolved = await Apply(service, "--resolve", "model-01=started:ds-real");
        resolved.ExitCode.Should().Be(0, resolved.ToString());
        resolved.Outcome("model-01").Should().Be("resumed");
        service.DeployPosts.Should().Be(0, "the job existed: it is waited on, not deployed again");
    }

    [Fact]
    public async Task A_model_id_holding_an_equals_sign_can_be_resolved()
    {
        await using var service = await ScriptedService.StartAsync();
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, [("m=1", 50)]));
        WriteUnknownJournal(service.Host, modelId: "m=1");

        var run = await Apply(service, "--resolve", "m=1=not-started");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Outcome("m=1").Should().Be("deployed");
        service.DeployPosts.Should().Be(1);
    }

    [Fact]
    public async Task A_recorded_job_the_service_does_not_know_says_the_way_out_and_resolve_takes_it()
    {
        await using var service = await ScriptedService.StartAsync();
        service.StatusNotFound = true;
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, 1));
        WriteUnknownJournal(service.Host, """{"at":"2026-12-01T00:00:02+00:00","event":"started","modelId":"model-01","action":"deploy","dockStatusId":"ds-gone"}""");

        var lost = await Apply(service);
        lost.ExitCode.Should().Be(ExitCodes.ApiError, lost.ToString());
        lost.Models()["model-01"].GetProperty("message").GetString().Should().Contain("After checking the platform's console").And.Contain("--resolve model-01=not-started");

        service.StatusNotFound = false;
        var resolved = await Apply(service, "--resolve", "model-01=not-started");
        resolved.ExitCode.Should().Be(0, resolved.ToString());
        service.DeployPosts.Should().Be(1);
    }

    private void WriteUnknownJournal(Uri host, string? extra = null, string modelId = "model-01")
    {
        var lines = new List<string>
        {
            $$"""{"at":"2026-12-01T00:00:00+00:00","event":"journal","environment":"test","host":"{{host.ToString().TrimEnd('/')}}"}""",
            $$"""{"at":"2026-12-01T00:00:01+00:00","event":"intent","modelId":"{{modelId}}","action":"deploy","reason":"deploy"}""",
        };
        if (extra is not null)
        {
            lines.Add(extra);
        }

        File.WriteAllText(JournalPath, string.Join("\n", lines) + "\n");
    }

    private async Task<ToolRun> Apply(ScriptedService service, params string[] extra)
    {
        var runner = new ToolRunner();
        runner.Environment["KORE_API_KEY"] = ScriptedService.ApiKey;
        return await runner.RunAsync(["apply", "-f", ManifestPath, "--env", "test", "-o", "json", "--poll-delay", "10ms", "--poll-max-delay", "20ms", .. extra]);
    }
}
