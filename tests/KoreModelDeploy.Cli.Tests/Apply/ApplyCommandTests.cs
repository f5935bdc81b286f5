using System.Text.Json;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>plan and apply run in-process against an emulator on loopback whose jobs end at their first poll.</summary>
public sealed class ApplyCommandTests : EmulatorManifestTest
{
    [Fact]
    public async Task A_FAILED_model_is_reported_and_deployed_again_only_with_retry_failed()
    {
        await WriteManifest(("model-01", 50), ("model-02", 50));
        Emulator.Emulator.Faults.FailNextJob("no GPU capacity in the region");

        var first = await Apply("--init", "--parallel", "1");

        first.ExitCode.Should().Be(ExitCodes.JobFailed, first.ToString());
        first.Outcome("model-01").Should().Be("failed");
        first.Models()["model-01"].GetProperty("status").GetString().Should().Be("FAILED");
        first.Models()["model-01"].GetProperty("message").GetString().Should().Be("no GPU capacity in the region");
        first.Outcome("model-02").Should().Be("deployed");
        first.Error.Should().Contain("model-01: failed");

        var again = await Apply();
        again.ExitCode.Should().Be(ExitCodes.JobFailed, "a FAILED model is reported until someone decides: " + again);
        again.Models()["model-01"].GetProperty("message").GetString().Should().Contain("--retry-failed");
        Emulator.DeployPosts.Should().Be(2, "nothing is deployed again without --retry-failed");

        var retried = await Apply("--retry-failed");
        retried.ExitCode.Should().Be(0, retried.ToString());
        retried.Outcome("model-01").Should().Be("retried");
        retried.Outcome("model-02").Should().Be("unchanged");
        Emulator.DeployPosts.Should().Be(3);
    }

    [Fact]
    public async Task On_a_terminal_stderr_shows_a_live_table_while_stdout_stays_one_JSON_document_and_the_key_is_never_printed()
    {
        await WriteManifest(("model-01", 50), ("model-02", 50));
        var runner = ModelEntries.Runner(Emulator.ToolEnvironment);
        runner.ErrorIsTerminal = true;

        var result = await runner.RunAsync("apply", "-f", ManifestPath, "--env", "test", "--init", "--poll-delay", "10ms", "-o", "json");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Models().Keys.Should().BeEquivalentTo("model-01", "model-02");
        result.Error.Should().Contain("\u001b[", "the table is drawn with escape codes on a terminal").And.Contain("model-01").And.Contain("deployed");
        result.Out.Should().NotContain("\u001b");
        result.All.Should().NotContain(EmulatorFixture.ApiKey);
        (await File.ReadAllTextAsync(JournalPath)).Should().NotContain(EmulatorFixture.ApiKey);
    }

    [Fact]
    public async Task Redirected_stderr_gets_plain_lines_per_step_with_no_escape_codes()
    {
        await WriteManifest(("model-01", 50));

        var result = await Apply("--init");

        result.Error.Should().Contain("model-01: deploy job ds-").And.Contain("model-01: deployed");
        result.All.Should().NotContain("\u001b");
    }

    [Fact]
    public async Task In_GitHub_Actions_the_step_summary_has_a_row_per_model()
    {
        await WriteManifest(("model-01", 50), ("model-02", 50));
        var summary = Dir.File("summary.md");
        var environment = new Dictionary<string, string>(Emulator.ToolEnvironment) { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary };

        var result = await ModelEntries.Runner(environment).RunAsync("apply", "-f", ManifestPath, "--env", "test", "--init", "--poll-delay", "10ms", "-o", "json");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().NotContain("::", "workflow commands go to stderr only");
        var rows = (await File.ReadAllLinesAsync(summary)).Where(l => l.StartsWith("| apply |", StringComparison.Ordinal)).ToList();
        rows.Should().HaveCount(2);
        rows[0].Should().StartWith("| apply | model-01 | ds-").And.Contain("| deployed (SUCCESS) |").And.EndWith("| 0 |");
        rows[1].Should().StartWith("| apply | model-02 | ds-");
    }

    [Fact]
    public async Task In_GitHub_Actions_each_model_is_one_group_each_failure_an_annotation_and_the_ids_a_step_output()
    {
        await WriteManifest(("model-01", 50), ("model-02", 50), ("model-03", 50));
        Emulator.Emulator.Faults.FailNextJob("no GPU capacity in the region");
        var outputs = Dir.File("outputs.txt");
        var environment = new Dictionary<string, string>(Emulator.ToolEnvironment) { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = outputs };

        var result = await ModelEntries.Runner(environment).RunAsync("apply", "-f", ManifestPath, "--env", "test", "--init", "--poll-delay", "10ms", "--parallel", "3", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.JobFailed, result.ToString());
        var failed = result.Models().Single(m => m.Value.GetProperty("outcome").GetString() == "failed").Key;

        // Three models ran at once; no line of one may land in another's group.
        var groups = Groups(result.Error);
        groups.Keys.Should().BeEquivalentTo("model-01", "model-02", "model-03");
        foreach (var (model, lines) in groups)
        {
            lines.Should().OnlyContain(l => l.StartsWith(model + ": ", StringComparison.Ordinal), "a group holds its own model's lines only");
            lines.Should().Contain(l => l.Contains(": deploy job ds-", StringComparison.Ordinal));
        }

        groups[failed][^1].Should().Contain(": failed ds-").And.EndWith("FAILED");
        result.Error.Should().Contain($"::error title=kore-deploy apply%3A {failed}::failed: no GPU capacity in the region");
        result.Out.Should().NotContain("::");

        var written = (await File.ReadAllLinesAsync(outputs)).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var ids = JsonSerializer.Deserialize<Dictionary<string, string>>(written["dock_status_ids"])!;
        ids.Keys.Should().BeEquivalentTo("model-01", "model-02", "model-03");
        ids.Should().AllSatisfy(p => p.Value.Should().Be(result.Models()[p.Key].GetProperty("dockStatusId").GetString()));
        JsonSerializer.Deserialize<Dictionary<string, string>>(written["outcomes"])!.Should().ContainKey(failed).WhoseValue.Should().Be("failed");
    }

    [Theory]
    [InlineData("-o", "json")]
    [InlineData("-o", "text")]
    public async Task In_GitHub_Actions_no_model_id_or_service_message_can_pose_as_a_workflow_command(string option, string format)
    {
        await WriteManifest(("::stop-commands::tok", 50));
        Emulator.Emulator.Faults.FailNextJob("no capacity\n::add-mask::kg\r\n##[error]forged\u2028::warning::forged");
        var environment = new Dictionary<string, string>(Emulator.ToolEnvironment) { ["GITHUB_ACTIONS"] = "true" };

        var result = await ModelEntries.Runner(environment).RunAsync("apply", "-f", ManifestPath, "--env", "test", "--init", "--poll-delay", "10ms", option, format);

        result.ExitCode.Should().Be(ExitCodes.JobFailed, result.ToString());
        var commands = (result.Out + "\n" + result.Error).Split('\n', '\u2028', '\u2029')
            .Select(l => l.TrimEnd('\r').TrimStart())
            .Where(l => l.StartsWith("::", StringComparison.Ordinal) || l.Contains("##[", StringComparison.Ordinal))
            .Select(l => l.Split("::", 3, StringSplitOptions.None)[1].Split(' ')[0])
            .ToList();
        commands.Should().OnlyContain(c => c == "add-mask" || c == "group" || c == "endgroup" || c == "error", "only the tool's own commands may reach the runner");
        result.Error.Should().StartWith("::add-mask::" + EmulatorFixture.ApiKey, "the key is masked before anything else is printed").And.NotContain("::add-mask::kg\n");
        result.Error.Split('\n').Count(l => l.StartsWith("::error ", StringComparison.Ordinal)).Should().Be(2, "one annotation for the model and one for the run");
        result.Error.Should().Contain("forged", "what the service said is still shown, as text");
    }

    [Fact]
    public async Task In_GitHub_Actions_the_key_is_masked_before_apply_says_which_host_it_uses()
    {
        await WriteManifest(("model-01", 50));
        var environment = new Dictionary<string, string>(Emulator.ToolEnvironment) { ["GITHUB_ACTIONS"] = "true", ["KORE_HOST"] = "https://elsewhere.example" };

        var result = await ModelEntries.Runner(environment).RunAsync("apply", "-f", ManifestPath, "--env", "test", "--init", "--host", Emulator.Host.ToString(), "--poll-delay", "10ms");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Error.Should().Contain("replaces the host of environment 'test'");
        result.Error.Should().StartWith("::add-mask::" + EmulatorFixture.ApiKey, "nothing may be printed before the key is masked");
    }

    [Fact]
    public async Task In_GitHub_Actions_the_heartbeat_names_the_models_still_running_while_their_groups_wait()
    {
        await WriteManifest(("model-01", 50));
        Emulator.Emulator.Faults.NeverCompleteNextJob();
        var runner = ModelEntries.Runner(new Dictionary<string, string>(Emulator.ToolEnvironment) { ["GITHUB_ACTIONS"] = "true" });
        runner.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
        using var ctrlC = new CancellationTokenSource();

        var running = runner.RunAsync(ctrlC.Token, ["apply", "-f", ManifestPath, "--env", "test", "--init", "--poll-delay", "1s"]);
        await Eventually.WaitUntilAsync(() => runner.CurrentError().Contains("running: model-01 IN_PROGRESS (ds-", StringComparison.Ordinal), "a heartbeat naming the running model");
        runner.CurrentError().Should().Contain("model-01: deploy job ds-", "a job's id is written the moment it arrives").And.NotContain("::group::");
        ctrlC.Cancel();
        var run = await running;

        run.ExitCode.Should().Be(ExitCodes.Cancelled, run.ToString());
    }

    [Fact]
    public async Task A_plan_in_GitHub_Actions_says_whether_it_has_changes_as_a_step_output()
    {
        await WriteManifest(("model-01", 50));
        var outputs = Dir.File("outputs.txt");
        var environment = new Dictionary<string, string>(Emulator.ToolEnvironment) { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = outputs };

        var plan = await ModelEntries.Runner(environment).RunAsync("plan", "-f", ManifestPath, "--env", "test");

        plan.ExitCode.Should().Be(0, plan.ToString());
        var written = await File.ReadAllLinesAsync(outputs);
        written.Should().Contain("has_changes=true").And.Contain("dock_status_ids={}").And.Contain("outcomes={\"model-01\":\"deploy\"}");
    }

    [Fact]
    public async Task A_model_resolved_as_started_is_waited_on_by_the_given_id_and_never_deployed_again()
    {
        await WriteManifest(("model-01", 50));
        Emulator.Emulator.Faults.Enqueue(EmulatorFault.ServerError(503), EmulatorEndpoint.Deploy);
        var first = await Apply("--init");
        first.Outcome("model-01").Should().Be("unknown", first.ToString());

        // The console shows the job the lost answer would have named; here it is started directly.
        var client = new ModelDeploymentClient(new KoreModelDeployOptions { Host = Emulator.Host, ApiKey = EmulatorFixture.ApiKey });
        var request = new DeployModelRequest
        {
            Name = "model-01-deployment",
            HyperParameters = new HyperParameters { Temperature = 1, MaxTokens = 512, TopP = 1, TopK = 50, StopSequence = [] },
            ScalingParameters = new ScalingParameters { MaxBatchSize = 10, MinReplicas = 1, MaxReplicas = 2, ScaleUpDelay = 30, ScaleDownDelay = 600 },
            DeviceType = DeviceType.G5XLarge,
        };
        var job = await client.StartDeployAsync("model-01", ModelType.OpenSource, request);
        var postsBefore = Emulator.DeployPosts;

        var resolved = await Apply("--resolve", $"model-01=started:{job.Id}");

        resolved.ExitCode.Should().Be(0, resolved.ToString());
        resolved.Outcome("model-01").Should().Be("resumed");
        resolved.Models()["model-01"].GetProperty("dockStatusId").GetString().Should().Be(job.Id);
        resolved.Models()["model-01"].GetProperty("status").GetString().Should().Be("SUCCESS");
        Emulator.DeployPosts.Should().Be(postsBefore, "a job that started is waited on, never sent again");
        (await File.ReadAllTextAsync(JournalPath)).Should().Contain(job.Id);

        var settled = await Plan("--detailed-exitcode");
        settled.ExitCode.Should().Be(0, "the resolved model is now deployed: " + settled);
    }

    [Fact]
    public async Task Changed_settings_are_planned_and_applied_as_undeploy_then_deploy_as_previously_deployed()
    {
        await WriteManifest(("model-01", 50), ("model-02", 50));
        (await Apply("--init")).ExitCode.Should().Be(0);
        await WriteManifest(("model-01", 50), ("model-02", 40));

        var plan = await Plan("--detailed-exitcode", "-o", "json");
        plan.ExitCode.Should().Be(ExitCodes.PlanHasChanges, plan.ToString());
        plan.Models()["model-01"].GetProperty("action").GetString().Should().Be("unchanged");
        plan.Models()["model-02"].GetProperty("action").GetString().Should().Be("redeploy");
        plan.Models()["model-02"].GetProperty("steps").EnumerateArray().Select(s => s.GetString()).Should().Equal("undeploy", "deploy (isDeployedPreviously: true)");

        var applied = await Apply();

        applied.ExitCode.Should().Be(0, applied.ToString());
        applied.Outcome("model-02").Should().Be("redeployed");
        Emulator.UndeployPosts.Should().Be(1);
        Emulator.DeployPosts.Should().Be(3);
        var model02 = JournalLines.Read(JournalPath).Where(l => l.TryGetProperty("modelId", out var id) && id.GetString() == "model-02").ToList();
        model02.Select(l => $"{l.GetProperty("event").GetString()} {l.GetProperty("action").GetString()}").Should().Equal(
            "intent deploy", "started deploy", "finished deploy",
            "intent undeploy", "started undeploy", "finished undeploy",
            "intent deploy", "started deploy", "finished deploy");
        model02[^3].GetProperty("isDeployedPreviously").GetBoolean().Should().BeTrue();
        (await Plan("--detailed-exitcode")).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Prune_undeploys_only_models_the_journal_holds()
    {
        await WriteManifest(("model-01", 50), ("model-02", 50));
        (await Apply("--init")).ExitCode.Should().Be(0);

        // Deployed by someone else, outside this tool's record.
        using (var http = new HttpClient())
        {
            var client = new ModelDeploymentClient(http, new KoreModelDeployOptions { Host = Emulator.Host, ApiKey = Emulator.Emulator.ApiKey });
            var request = KoreModelDeployJson.ParseDeployModelRequest(Testing.VendorSampleJson.OpenSourceRequest);
            await client.DeployAndWaitAsync("someone-elses", Models.ModelType.OpenSource, request, new DockPollingOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(10) });
        }

        await WriteManifest(("model-01", 50));

        var without = await Apply();
        without.ExitCode.Should().Be(0, "a prune candidate left alone does not fail the apply: " + without);
        without.Outcome("model-02").Should().Be("prune-candidate");
        Emulator.UndeployPosts.Should().Be(0);

        var pruned = await Apply("--prune");

        pruned.ExitCode.Should().Be(0, pruned.ToString());
        pruned.Outcome("model-02").Should().Be("pruned");
        pruned.Models().Keys.Should().BeEquivalentTo("model-01", "model-02");
        Emulator.UndeployPosts.Should().Be(1);
        Emulator.Emulator.GetDeployedModelIds().Should().BeEquivalentTo("model-01", "someone-elses");
    }

    [Fact]
    public async Task No_journal_without_init_is_refused_and_says_why()
    {
        await WriteManifest(("model-01", 50));

        var result = await Apply();

        result.ExitCode.Should().Be(ExitCodes.Configuration, result.ToString());
        result.Error.Should().Contain("No journal at").And.Contain("--init").And.Contain("restore it");
        Emulator.DeployPosts.Should().Be(0);
        File.Exists(JournalPath).Should().BeFalse();
    }

    [Fact]
    public async Task A_journal_for_another_host_is_refused()
    {
        await WriteManifest(("model-01", 50));
        (await Apply("--init")).ExitCode.Should().Be(0);
        var otherHost = new UriBuilder(Emulator.Host) { Host = "127.0.0.2" }.Uri;

        var result = await Apply("--host", otherHost.ToString());

        result.ExitCode.Should().Be(ExitCodes.Configuration, result.ToString());
        result.Error.Should().Contain("was written for host").And.Contain("127.0.0.2");
        Emulator.DeployPosts.Should().Be(1);
    }

    [Fact]
    public async Task KORE_HOST_does_not_send_an_environment_elsewhere()
    {
        await WriteManifest(("model-01", 50));
        var environment = new Dictionary<string, string>(Emulator.ToolEnvironment) { ["KORE_HOST"] = "http://127.0.0.3:1/" };

        var result = await ModelEntries.Runner(environment).RunAsync("apply", "-f", ManifestPath, "--env", "test", "--init", "--poll-delay", "10ms", "-o", "json");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Error.Should().Contain("KORE_HOST (http://127.0.0.3:1/) is ignored");
        Emulator.DeployPosts.Should().Be(1, "the manifest's host was used");
    }

    [Fact]
    public async Task Credentials_in_KORE_HOST_or_host_are_never_repeated_by_apply()
    {
        await WriteManifest(("model-01", 50));
        var environment = new Dictionary<string, string>(Emulator.ToolEnvironment) { ["KORE_HOST"] = "http://ops:s3cret-pass@127.0.0.3:1/?token=s3cret-pass" };

        var ignored = await ModelEntries.Runner(environment).RunAsync("apply", "-f", ManifestPath, "--env", "test", "--init", "--poll-delay", "10ms");
        var given = await ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(
            "apply", "-f", ManifestPath, "--env", "test", "--host", $"http://ops:s3cret-pass@127.0.0.1:{Emulator.Host.Port}/", "--poll-delay", "10ms");
        var unparseable = await ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync("apply", "-f", ManifestPath, "--env", "test", "--host", "s3cret-pass");

        ignored.ExitCode.Should().Be(0, ignored.ToString());
        ignored.Error.Should().Contain("KORE_HOST (http://127.0.0.3:1/) is ignored");
        given.ExitCode.Should().Be(ExitCodes.Configuration, "the SDK refuses credentials in a host: " + given);
        unparseable.ExitCode.Should().Be(ExitCodes.Configuration, unparseable.ToString());
        new[] { ignored, given, unparseable }.Should().AllSatisfy(r => r.All.Should().NotContain("s3cret"));
    }

    [Fact]
    public async Task A_torn_last_line_is_reported_its_whole_lines_kept_and_the_apply_goes_on()
    {
        await WriteManifest(("model-01", 50), ("model-02", 50));
        (await Apply("--init")).ExitCode.Should().Be(0);
        await File.AppendAllTextAsync(JournalPath, """{"at":"2026-11-29T10:00:00Z","event":"intent","modelId":"mod""");

        var plan = await Plan();
        plan.Error.Should().Contain("cut off while being written");
        plan.Out.Should().Contain("unchanged model-01").And.Contain("unchanged model-02");

        var applied = await Apply();

        applied.ExitCode.Should().Be(0, applied.ToString());
        applied.Error.Should().Contain("cut off while being written");
        applied.Models().Values.Select(m => m.GetProperty("outcome").GetString()).Should().AllBe("unchanged");
        (await Plan()).Error.Should().NotContain("cut off", "the torn bytes were removed once the lock was held");
    }

    [Fact]
    public async Task Every_violation_of_every_model_is_reported_with_exit_3_and_nothing_is_sent()
    {
        await File.WriteAllTextAsync(ManifestPath, $$"""
            {
              "defaults": {{TestSupport.Manifests.ValidDefaults}},
              "environments": { "test": { "host": "{{Emulator.Host}}" } },
              "models": [
                { "modelId": "a", "modelType": "openSource", "request": { "name": "a", "hyperParameters": { "topK": 0 } } },
                { "modelId": "b", "modelType": "openSource", "request": { "name": "b", "deviceType": "g9" } },
              ],
            }
            """);

        var result = await Apply("--init");

        result.ExitCode.Should().Be(ExitCodes.InvalidRequest, result.ToString());
        result.ViolationPaths.Should().Contain(p => p!.StartsWith("models[0] (a).hyperParameters.topK", StringComparison.Ordinal))
            .And.Contain(p => p!.StartsWith("models[1] (b).deviceType", StringComparison.Ordinal));
        File.Exists(JournalPath).Should().BeFalse("nothing happens before the manifest holds");
        Emulator.DeployPosts.Should().Be(0);
    }

    [Fact]
    public async Task Plan_exits_0_whatever_it_finds_unless_asked_for_the_detailed_exit_code()
    {
        await WriteManifest(("model-01", 50));

        var plain = await Plan();
        var detailed = await Plan("--detailed-exitcode");

        plain.ExitCode.Should().Be(0, plain.ToString());
        plain.Out.Should().Contain("deploy    model-01");
        plain.Error.Should().Contain("no journal at");
        detailed.ExitCode.Should().Be(ExitCodes.PlanHasChanges);
    }

    /// <summary>The lines of each GitHub Actions group on stderr, by model, checking that every group is closed.</summary>
    private static Dictionary<string, List<string>> Groups(string error)
    {
        var groups = new Dictionary<string, List<string>>();
        List<string>? open = null;
        foreach (var line in error.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("::group::", StringComparison.Ordinal))
            {
                open.Should().BeNull("groups do not nest");
                open = groups[line["::group::".Length..].Split(':')[0]] = [];
            }
            else if (line == "::endgroup::")
            {
                open.Should().NotBeNull();
                open = null;
            }
            else if (open is not null)
            {
                open.Add(line);
            }
        }

        open.Should().BeNull("every group is closed");
        return groups;
    }

    private Task WriteManifest(params (string ModelId, int TopK)[] models) =>
        File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, models));

    private Task<ToolRun> Apply(params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["apply", "-f", ManifestPath, "--env", "test", "--poll-delay", "10ms", "--poll-max-delay", "20ms", "-o", "json", .. extra]);

    private Task<ToolRun> Plan(params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["plan", "-f", ManifestPath, "--env", "test", .. extra]);
}
