using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary><c>journal show</c> and <c>journal history</c>: what the journal believes, read without its lock.</summary>
public sealed class JournalShowCommandTests : EmulatorManifestTest
{
    [Fact]
    public async Task Show_lists_each_model_with_its_state_last_job_time_and_fingerprint_in_text_and_json()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 2));
        Emulator.Emulator.Faults.FailNextJob("no capacity");
        (await Apply("--init", "--parallel", "1")).ExitCode.Should().Be(ExitCodes.JobFailed);

        var text = await Journal("show");
        var json = await Journal("show", "-o", "json");

        text.ExitCode.Should().Be(0, text.ToString());
        text.Out.Should().MatchRegex(@"model-01\s+failed\s+ds-").And.MatchRegex(@"model-02\s+deployed\s+ds-\S+\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+sha256:");
        var models = json.Json.GetProperty("journalModels").EnumerateArray().ToDictionary(m => m.GetProperty("modelId").GetString()!);
        models["model-02"].GetProperty("state").GetString().Should().Be("deployed");
        models["model-02"].GetProperty("fingerprint").GetString().Should().StartWith("sha256:");
        models["model-02"].GetProperty("at").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));
        models["model-01"].GetProperty("state").GetString().Should().Be("failed");
        json.Json.GetProperty("command").GetString().Should().Be("journal show");
    }

    [Fact]
    public async Task History_lists_a_models_events_oldest_first_and_names_the_models_when_it_has_none()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        (await Apply("--init")).ExitCode.Should().Be(0);

        var json = await Journal("history", "model-01", "-o", "json");
        var none = await Journal("history", "model-09");

        json.ExitCode.Should().Be(0, json.ToString());
        json.Json.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("event").GetString()).Should().Equal("intent", "started", "finished");
        json.Json.GetProperty("history")[2].GetProperty("status").GetString().Should().Be("SUCCESS");
        none.ExitCode.Should().Be(ExitCodes.Configuration, none.ToString());
        none.Error.Should().Contain("model-09").And.Contain("model-01");
    }

    [Fact]
    public async Task Both_read_while_an_apply_holds_the_journal_and_refuse_when_there_is_none()
    {
        (await Journal("show")).ExitCode.Should().Be(ExitCodes.Configuration, "there is no journal yet");
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        (await Apply("--init")).ExitCode.Should().Be(0);
        var before = await File.ReadAllBytesAsync(JournalPath);

        using (DeploymentJournal.Open(new FileJournalStore(JournalPath, "test", Emulator.Host, TimeProvider.System), init: false))
        {
            (await Journal("show")).ExitCode.Should().Be(0);
            (await Journal("history", "model-01")).ExitCode.Should().Be(0);
        }

        (await File.ReadAllBytesAsync(JournalPath)).Should().Equal(before, "reading writes nothing");
    }

    private Task<ToolRun> Apply(params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["apply", "-f", ManifestPath, "--env", "test", "--poll-delay", "10ms", "--poll-max-delay", "20ms", "-o", "json", .. extra]);

    private Task<ToolRun> Journal(string verb, params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["journal", verb, "-f", ManifestPath, "--env", "test", .. extra]);
}
