using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary>
/// <c>kore-deploy journal forget</c> in-process, against a scripted service (the emulator never loses a job it
/// started, so a status that answers 404 for ever needs one).
/// </summary>
public sealed class JournalForgetCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private ScriptedService _service = null!;

    private string ManifestPath => _dir.File("kore.json");

    private string JournalPath => _dir.File("kore.test.journal.jsonl");

    public async Task InitializeAsync()
    {
        _service = await ScriptedService.StartAsync();
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(_service.Host, [("model-01", 50)]));
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_job_whose_status_answers_404_for_ever_names_forget_and_after_it_apply_deploys_again()
    {
        _service.LostIds["ds-001"] = true;
        var lost = await Apply("--init");
        lost.ExitCode.Should().Be(ExitCodes.ApiError, lost.ToString());
        lost.Models()["model-01"].GetProperty("message").GetString().Should().Contain($"kore-deploy journal forget model-01 -f {ManifestPath} --env test");
        (await Apply()).Models()["model-01"].GetProperty("message").GetString().Should().Contain("journal forget", "every apply asks for the lost job again and says the way out");

        var forgot = await Journal("forget", "model-01", "-o", "json");

        forgot.ExitCode.Should().Be(0, forgot.ToString());
        forgot.Json.GetProperty("command").GetString().Should().Be("journal forget");
        forgot.Json.GetProperty("modelId").GetString().Should().Be("model-01");
        forgot.Json.GetProperty("message").GetString().Should().Contain("a deploy started (ds-001) and not seen to end");
        var last = JournalLines.Read(JournalPath)[^1];
        last.GetProperty("event").GetString().Should().Be("forgotten");
        last.GetProperty("modelId").GetString().Should().Be("model-01");

        var applied = await Apply();
        applied.ExitCode.Should().Be(0, applied.ToString());
        applied.Outcome("model-01").Should().Be("deployed");
        _service.DeployPosts.Should().Be(2, "the forgotten model is deployed as one this tool never deployed");
    }

    [Fact]
    public async Task A_journal_of_an_apply_given_host_is_reached_by_the_forget_its_message_names()
    {
        // The manifest names another host; apply was pointed at the service with --host, and so is its journal.
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(new Uri("https://elsewhere.example.test/"), [("model-01", 50)]));
        _service.LostIds["ds-001"] = true;
        var lost = await Apply("--init", "--host", _service.Host.ToString());
        var message = lost.Models()["model-01"].GetProperty("message").GetString()!;
        message.Should().Contain("--host " + _service.Host.ToString().TrimEnd('/'));

        var forgot = await Journal("forget", "model-01", "--host", _service.Host.ToString());

        forgot.ExitCode.Should().Be(0, forgot.ToString());
        JournalLines.Read(JournalPath)[^1].GetProperty("event").GetString().Should().Be("forgotten");
    }

    [Fact]
    public async Task Forgetting_a_model_the_journal_does_not_name_is_refused_and_writes_nothing()
    {
        (await Apply("--init")).ExitCode.Should().Be(0);
        var before = File.ReadAllBytes(JournalPath);

        var refused = await Journal("forget", "model-02");

        refused.ExitCode.Should().Be(ExitCodes.Configuration, refused.ToString());
        refused.Error.Should().Contain("holds nothing about model 'model-02'").And.Contain("model-01");
        File.ReadAllBytes(JournalPath).Should().Equal(before);
    }

    [Fact]
    public async Task Forget_takes_the_journals_lock()
    {
        (await Apply("--init")).ExitCode.Should().Be(0);
        using var held = DeploymentJournal.Open(new FileJournalStore(JournalPath, "test", _service.Host, TimeProvider.System), init: false);

        var refused = await Journal("forget", "model-01");

        refused.ExitCode.Should().Be(ExitCodes.Configuration, refused.ToString());
        refused.Error.Should().Contain("held");
    }

    private Task<ToolRun> Apply(params string[] extra) =>
        ModelEntries.Runner(ScriptedService.ToolEnvironment).RunAsync(["apply", "-f", ManifestPath, "--env", "test", "--poll-delay", "10ms", "--poll-max-delay", "20ms", "-o", "json", .. extra]);

    private Task<ToolRun> Journal(string verb, params string[] extra) =>
        ModelEntries.Runner(ScriptedService.ToolEnvironment).RunAsync(["journal", verb, "-f", ManifestPath, "--env", "test", .. extra]);
}
