using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>
/// apply against a service on loopback that spells statuses in other letters: the journal compares them as the SDK
/// does, so a model is deployed once, and a failed one is left alone without --retry-failed.
/// </summary>
public sealed class StatusSpellingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string ManifestPath => _dir.File("kore.json");

    private string JournalPath => _dir.File("kore.test.journal.jsonl");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("success")]
    [InlineData("Success")]
    public async Task A_success_in_other_letters_is_deployed_once_over_three_applies_and_journaled_as_SUCCESS(string spelling)
    {
        await using var service = await ScriptedService.StartAsync();
        service.FinalStatus = spelling;
        service.RunningStatus = "in_progress";
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, 1));

        var runs = new List<ToolRun>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await Apply(service, i == 0 ? ["--init"] : []));
        }

        runs.Should().AllSatisfy(r => r.ExitCode.Should().Be(0, r.ToString()));
        runs[0].Outcome("model-01").Should().Be("deployed");
        runs[0].Models()["model-01"].GetProperty("status").GetString().Should().Be("SUCCESS");
        runs[1].Outcome("model-01").Should().Be("unchanged");
        runs[2].Outcome("model-01").Should().Be("unchanged");
        service.DeployPosts.Should().Be(1, "three applies of an unchanged model send one deploy");
        File.ReadAllText(JournalPath).Should().Contain("\"status\":\"SUCCESS\"").And.NotContain("\"status\":\"" + spelling + "\"");
    }

    [Fact]
    public async Task A_failure_in_other_letters_is_not_deployed_again_without_retry_failed()
    {
        await using var service = await ScriptedService.StartAsync();
        service.FinalStatus = "Failed";
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, 1));

        var first = await Apply(service, ["--init"]);
        var second = await Apply(service, []);

        first.ExitCode.Should().Be(ExitCodes.JobFailed, first.ToString());
        second.ExitCode.Should().Be(ExitCodes.JobFailed, second.ToString());
        second.Outcome("model-01").Should().Be("failed");
        service.DeployPosts.Should().Be(1, "a FAILED model waits for --retry-failed");
        File.ReadAllText(JournalPath).Should().Contain("\"status\":\"FAILED\"");

        service.FinalStatus = "success";
        var retried = await Apply(service, ["--retry-failed"]);
        retried.ExitCode.Should().Be(0, retried.ToString());
        service.DeployPosts.Should().Be(2);
    }

    [Fact]
    public async Task A_journal_an_earlier_release_wrote_with_a_lower_case_status_reads_as_deployed()
    {
        await using var service = await ScriptedService.StartAsync();
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, 1));
        (await Apply(service, ["--init"])).ExitCode.Should().Be(0);
        File.WriteAllText(JournalPath, File.ReadAllText(JournalPath).Replace("\"status\":\"SUCCESS\"", "\"status\":\"success\"", StringComparison.Ordinal));

        var again = await Apply(service, []);

        again.ExitCode.Should().Be(0, again.ToString());
        again.Outcome("model-01").Should().Be("unchanged");
        service.DeployPosts.Should().Be(1);
    }

    private async Task<ToolRun> Apply(ScriptedService service, string[] extra)
    {
        var runner = new ToolRunner();
        runner.Environment["KORE_API_KEY"] = ScriptedService.ApiKey;
        return await runner.RunAsync(["apply", "-f", ManifestPath, "--env", "test", "-o", "json", "--poll-delay", "10ms", "--poll-max-delay", "20ms", .. extra]);
    }
}
