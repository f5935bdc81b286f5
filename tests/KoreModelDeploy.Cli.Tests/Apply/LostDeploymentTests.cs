using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>
/// The platform lost a deployment the journal records (the emulator restarted on the same address): the undeploy of a
/// redeploy or a prune is answered with the service's own 404, and apply goes on as if nothing had been deployed.
/// </summary>
public sealed class LostDeploymentTests : EmulatorManifestTest
{
    [Fact]
    public async Task A_redeploy_after_the_platform_lost_the_deployment_deploys_and_the_journal_says_why()
    {
        await WriteManifest(("model-01", 50));
        (await Apply("--init")).ExitCode.Should().Be(0);
        await Emulator.RestartAsync();
        Emulator.Emulator.GetDeployedModelIds().Should().BeEmpty("the restarted platform lost every deployment");
        await WriteManifest(("model-01", 40));

        var applied = await Apply();

        applied.ExitCode.Should().Be(0, applied.ToString());
        applied.Outcome("model-01").Should().Be("redeployed");
        Emulator.UndeployPosts.Should().Be(1);
        Emulator.DeployPosts.Should().Be(1, "the deploy was sent after the undeploy found nothing");
        Emulator.Emulator.GetDeployedModelIds().Should().Equal("model-01");
        var lines = JournalLines.Read(JournalPath).Select(l => $"{l.GetProperty("event").GetString()} {(l.TryGetProperty("action", out var a) ? a.GetString() : null)}").ToList();
        lines.Should().Equal(
            "journal ", "intent deploy", "started deploy", "finished deploy",
            "intent undeploy", "not-deployed undeploy",
            "intent deploy", "started deploy", "finished deploy");
        var why = JournalLines.Read(JournalPath).Single(l => l.GetProperty("event").GetString() == "not-deployed");
        why.GetProperty("message").GetString().Should().Contain("404").And.Contain("is not deployed");
        (await Plan("--detailed-exitcode")).ExitCode.Should().Be(0, "the model is deployed with the new settings");
    }

    [Fact]
    public async Task A_prune_after_the_platform_lost_the_deployment_counts_the_model_undeployed()
    {
        await WriteManifest(("model-01", 50), ("model-02", 50));
        (await Apply("--init")).ExitCode.Should().Be(0);
        await Emulator.RestartAsync();
        await WriteManifest(("model-01", 50));

        var pruned = await Apply("--prune");

        pruned.ExitCode.Should().Be(0, pruned.ToString());
        pruned.Outcome("model-02").Should().Be("pruned");
        pruned.Models()["model-02"].GetProperty("message").GetString().Should().Contain("not deployed").And.Contain("counts as undeployed");
        Emulator.UndeployPosts.Should().Be(1);
        var again = await Plan("--prune", "-o", "json");
        again.Models().Should().NotContainKey("model-02", "the journal holds it as undeployed now");
    }

    [Fact]
    public async Task An_undeploy_answered_404_by_a_gateway_stays_an_API_error_and_nothing_is_deployed()
    {
        await using var service = await ScriptedService.StartAsync();
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, [("model-01", 40)]));
        File.WriteAllText(JournalPath, string.Join('\n', JournalOfOneDeployedModel(service.Host)) + "\n");
        service.UndeployAnswer = (404, "text/html", "<html><body><h1>404 Not Found</h1></body></html>");

        var html = await new ToolRunner { Environment = { ["KORE_API_KEY"] = ScriptedService.ApiKey } }
            .RunAsync("apply", "-f", ManifestPath, "--env", "test", "-o", "json", "--poll-delay", "10ms");

        html.ExitCode.Should().Be(ExitCodes.ApiError, html.ToString());
        html.Outcome("model-01").Should().Be("api-error");
        service.DeployPosts.Should().Be(0, "an HTML 404 says nothing about the model: the redeploy stops");
        JournalLines.Read(JournalPath).Should().NotContain(l => l.GetProperty("event").GetString() == "not-deployed");
    }

    private static IEnumerable<string> JournalOfOneDeployedModel(Uri host) =>
    [
        $$"""{"at":"2026-12-01T00:00:00+00:00","event":"journal","environment":"test","host":"{{host.ToString().TrimEnd('/')}}"}""",
        """{"at":"2026-12-01T00:00:01+00:00","event":"intent","modelId":"model-01","action":"deploy","reason":"deploy","modelType":"openSource","fingerprint":"fp-old"}""",
        """{"at":"2026-12-01T00:00:02+00:00","event":"started","modelId":"model-01","action":"deploy","dockStatusId":"ds-001"}""",
        """{"at":"2026-12-01T00:00:03+00:00","event":"finished","modelId":"model-01","action":"deploy","dockStatusId":"ds-001","status":"SUCCESS"}""",
    ];

    private Task WriteManifest(params (string ModelId, int TopK)[] models) =>
        File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, models));

    private Task<ToolRun> Apply(params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["apply", "-f", ManifestPath, "--env", "test", "--poll-delay", "10ms", "--poll-max-delay", "20ms", "-o", "json", .. extra]);

    private Task<ToolRun> Plan(params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["plan", "-f", ManifestPath, "--env", "test", .. extra]);
}
