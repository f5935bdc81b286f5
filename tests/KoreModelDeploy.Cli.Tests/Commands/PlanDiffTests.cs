using System.Text.Json;
using System.Text.Json.Nodes;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary>
/// <c>plan</c> shows what a redeploy changes, setting by setting, in text, in <c>-o json</c> and in the GitHub step
/// summary, after a real apply against the emulator recorded what it sent.
/// </summary>
public sealed class PlanDiffTests : EmulatorManifestTest
{
    [Fact]
    public async Task Every_kind_of_change_is_listed_by_path_in_text_and_json()
    {
        await WriteManifest(Request(temperature: 0.7, maxReplicas: 2, stop: ["a"], scaleUpDelay: null));
        (await Apply("--init")).ExitCode.Should().Be(0);

        // A scalar, a nested member, an array, a member added, a member removed.
        await WriteManifest(Request(temperature: 0.5, maxReplicas: 6, stop: ["a", "b"], scaleUpDelay: 30, scaleDownDelay: null));
        var text = await Plan();
        var json = await Plan("-o", "json");

        text.ExitCode.Should().Be(0, text.ToString());
        text.Out.Should().Contain("redeploy  model-01: settings changed")
            .And.Contain("~ hyperParameters.temperature: 0.7 → 0.5")
            .And.Contain("~ scalingParameters.maxReplicas: 2 → 6")
            .And.Contain("""~ hyperParameters.stopSequence: ["a"] → ["a","b"]""")
            .And.Contain("+ scalingParameters.scaleUpDelay: 30")
            .And.Contain("- scalingParameters.scaleDownDelay: 600");
        text.Out.Should().NotContain("~ isDeployedPreviously").And.NotContain("+ isDeployedPreviously");

        var changes = json.Models()["model-01"].GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("path").GetString()!);
        changes.Keys.Should().BeEquivalentTo("hyperParameters.temperature", "scalingParameters.maxReplicas", "hyperParameters.stopSequence", "scalingParameters.scaleUpDelay", "scalingParameters.scaleDownDelay");
        changes["scalingParameters.maxReplicas"].GetProperty("kind").GetString().Should().Be("changed");
        changes["scalingParameters.maxReplicas"].GetProperty("before").GetInt32().Should().Be(2);
        changes["scalingParameters.maxReplicas"].GetProperty("after").GetInt32().Should().Be(6);
        changes["scalingParameters.scaleUpDelay"].GetProperty("kind").GetString().Should().Be("added");
        changes["scalingParameters.scaleUpDelay"].GetProperty("before").ValueKind.Should().Be(JsonValueKind.Null);
        changes["scalingParameters.scaleDownDelay"].GetProperty("kind").GetString().Should().Be("removed");
        changes["scalingParameters.scaleDownDelay"].GetProperty("after").ValueKind.Should().Be(JsonValueKind.Null);
        json.Models()["model-01"].GetProperty("changesAvailable").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task A_per_environment_override_shows_as_the_setting_it_changes()
    {
        await WriteManifest(Request(temperature: 0.7, maxReplicas: 2, stop: []));
        (await Apply("--init")).ExitCode.Should().Be(0);

        await WriteManifest(Request(temperature: 0.7, maxReplicas: 2, stop: []), environmentOverrides: new JsonObject { ["scalingParameters"] = new JsonObject { ["maxReplicas"] = 4 } });
        var json = await Plan("-o", "json");

        var change = json.Models()["model-01"].GetProperty("changes").EnumerateArray().Should().ContainSingle().Subject;
        change.GetProperty("path").GetString().Should().Be("scalingParameters.maxReplicas");
        change.GetProperty("after").GetInt32().Should().Be(4);
    }

    [Fact]
    public async Task A_deploy_shows_the_request_it_sends_and_the_model_type()
    {
        await WriteManifest(Request(temperature: 0.7, maxReplicas: 2, stop: []));

        var text = await Plan();
        var json = await Plan("-o", "json");

        text.Out.Should().Contain("sends: openSource {\"name\":\"model-01-deployment\"");
        var request = json.Models()["model-01"].GetProperty("request");
        request.GetProperty("hyperParameters").GetProperty("temperature").GetDouble().Should().Be(0.7);
        request.TryGetProperty("isDeployedPreviously", out _).Should().BeFalse("apply sets it itself");
        json.Models()["model-01"].TryGetProperty("changes", out _).Should().BeFalse();
    }

    [Fact]
    public async Task A_redeploy_cut_after_its_undeploy_started_still_shows_what_its_deploy_changes()
    {
        await WriteManifest(Request(temperature: 0.7, maxReplicas: 2, stop: []));
        (await Apply("--init")).ExitCode.Should().Be(0);
        await WriteManifest(Request(temperature: 0.5, maxReplicas: 2, stop: []));
        await File.AppendAllLinesAsync(JournalPath, [
            """{"at":"2026-12-07T00:00:00+00:00","event":"intent","modelId":"model-01","action":"undeploy","reason":"redeploy"}""",
            """{"at":"2026-12-07T00:00:01+00:00","event":"started","modelId":"model-01","action":"undeploy","dockStatusId":"ds-undeploy-1"}"""]);

        var text = await Plan();

        text.Out.Should().Contain("resume    model-01").And.Contain("~ hyperParameters.temperature: 0.7 → 0.5");
    }

    [Fact]
    public async Task A_retried_deploy_of_a_failed_model_shows_the_request_it_sends()
    {
        await WriteManifest(Request(temperature: 0.7, maxReplicas: 2, stop: []));
        Emulator.Emulator.Faults.FailNextJob("no capacity");
        (await Apply("--init")).ExitCode.Should().Be(ExitCodes.JobFailed);

        var text = await Plan("--retry-failed");
        var json = await Plan("--retry-failed", "-o", "json");

        text.Out.Should().Contain("failed    model-01").And.Contain("sends: openSource {\"name\":\"model-01-deployment\"");
        json.Models()["model-01"].GetProperty("request").GetProperty("hyperParameters").GetProperty("temperature").GetDouble().Should().Be(0.7);
    }

    [Fact]
    public async Task A_journal_of_an_earlier_release_still_plans_and_says_no_diff_is_available()
    {
        await WriteManifest(Request(temperature: 0.7, maxReplicas: 2, stop: []));
        (await Apply("--init")).ExitCode.Should().Be(0);

        // What earlier releases wrote: the intent with the settings' digest only.
        var lines = File.ReadAllLines(JournalPath).Select(line =>
        {
            var node = JsonNode.Parse(line)!.AsObject();
            node.Remove("request");
            return node.ToJsonString();
        });
        File.WriteAllLines(JournalPath, lines);
        await WriteManifest(Request(temperature: 0.5, maxReplicas: 2, stop: []));

        var text = await Plan();
        var json = await Plan("-o", "json");

        text.ExitCode.Should().Be(0);
        text.Out.Should().Contain("redeploy  model-01").And.Contain("No diff is available").And.NotContain("temperature");
        json.Models()["model-01"].GetProperty("changesAvailable").GetBoolean().Should().BeFalse();
        json.Models()["model-01"].TryGetProperty("changes", out _).Should().BeFalse("nothing is guessed");
    }

    [Fact]
    public async Task In_GitHub_Actions_the_step_summary_has_a_table_of_the_changes_escaped_for_Markdown()
    {
        await WriteManifest(Request(temperature: 0.7, maxReplicas: 2, stop: ["a"]));
        (await Apply("--init")).ExitCode.Should().Be(0);
        await WriteManifest(Request(temperature: 0.5, maxReplicas: 2, stop: ["x|y", "<b>"]));
        var summary = Dir.File("summary.md");
        var runner = ModelEntries.Runner(Emulator.ToolEnvironment);
        runner.Environment["GITHUB_ACTIONS"] = "true";
        runner.Environment["GITHUB_STEP_SUMMARY"] = summary;

        (await runner.RunAsync("plan", "-f", ManifestPath, "--env", "test")).ExitCode.Should().Be(0);
        (await runner.RunAsync("plan", "-f", ManifestPath, "--env", "test")).ExitCode.Should().Be(0);

        var text = File.ReadAllText(summary);
        text.Should().Contain("| model | setting | change | before | after |")
            .And.Contain("| model-01 | hyperParameters.temperature | changed | `0.7` | `0.5` |")
            .And.Contain("""| model-01 | hyperParameters.stopSequence | changed | `["a"]` | `["x\|y","<b>"]` |""");
        var tables = text.Split("| command | model |").Length - 1;
        tables.Should().Be(2, "the second command's rows start a table of their own after the first one's changes");
    }

    [Fact]
    public async Task A_step_summary_near_GitHubs_limit_stops_the_changes_short_and_says_how_many_were_left_out()
    {
        await WriteManifest(Request(temperature: 0.7, maxReplicas: 2, stop: ["a"]));
        (await Apply("--init")).ExitCode.Should().Be(0);
        await WriteManifest(Request(temperature: 0.5, maxReplicas: 3, stop: ["b"]));
        var summary = Dir.File("summary.md");
        await File.WriteAllTextAsync(summary, new string('x', 1024 * 1024 - 16 * 1024 - 200));
        var runner = ModelEntries.Runner(Emulator.ToolEnvironment);
        runner.Environment["GITHUB_ACTIONS"] = "true";
        runner.Environment["GITHUB_STEP_SUMMARY"] = summary;

        (await runner.RunAsync("plan", "-f", ManifestPath, "--env", "test")).ExitCode.Should().Be(0);

        var text = File.ReadAllText(summary);
        new FileInfo(summary).Length.Should().BeLessThan(1024 * 1024);
        var tail = text[(1024 * 1024 - 16 * 1024 - 200)..];
        tail.Should().Contain("3 more changes are not shown here").And.NotContain("| model-01 | hyperParameters.temperature |");
    }

    private static JsonObject Request(double temperature, int maxReplicas, string[] stop, int? scaleUpDelay = 30, int? scaleDownDelay = 600)
    {
        var scaling = new JsonObject { ["maxBatchSize"] = 10, ["minReplicas"] = 1, ["maxReplicas"] = maxReplicas };
        if (scaleUpDelay is { } up)
        {
            scaling["scaleUpDelay"] = up;
        }

        if (scaleDownDelay is { } down)
        {
            scaling["scaleDownDelay"] = down;
        }

        return new JsonObject
        {
            ["name"] = "model-01-deployment",
            ["hyperParameters"] = new JsonObject { ["temperature"] = temperature, ["maxTokens"] = 512, ["topP"] = 1, ["topK"] = 50, ["stopSequence"] = new JsonArray([.. stop.Select(s => (JsonNode)s)]) },
            ["scalingParameters"] = scaling,
            ["deviceType"] = "g5.xlarge",
        };
    }

    private Task WriteManifest(JsonObject request, JsonObject? environmentOverrides = null)
    {
        var environment = new JsonObject { ["host"] = Emulator.Host.ToString() };
        if (environmentOverrides is not null)
        {
            environment["overrides"] = environmentOverrides;
        }

        var manifest = new JsonObject
        {
            ["environments"] = new JsonObject { ["test"] = environment },
            ["models"] = new JsonArray(new JsonObject { ["modelId"] = "model-01", ["modelType"] = "openSource", ["request"] = request }),
        };
        return File.WriteAllTextAsync(ManifestPath, manifest.ToJsonString());
    }

    private Task<ToolRun> Apply(params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["apply", "-f", ManifestPath, "--env", "test", "--poll-delay", "10ms", "--poll-max-delay", "20ms", "-o", "json", .. extra]);

    private Task<ToolRun> Plan(params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["plan", "-f", ManifestPath, "--env", "test", .. extra]);
}
