using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary><c>kore-deploy journal rebind</c> in-process, against an emulator on loopback whose jobs end at their first poll.</summary>
public sealed class JournalRebindCommandTests : EmulatorManifestTest
{
    /// <summary>A mistyped host: nothing listens there, so no call sent to it reaches a service.</summary>
    private const string WrongHost = "http://127.0.0.1:9/";

    [Fact]
    public async Task A_journal_initialized_against_a_mistyped_host_is_refused_naming_rebind_then_rebound_and_applied()
    {
        await WriteManifest();
        var mistyped = await Apply("--init", "--host", WrongHost);
        mistyped.Outcome("model-01").Should().Be("api-error", "nothing listens on the mistyped host: " + mistyped);

        var refused = await Apply();
        refused.ExitCode.Should().Be(ExitCodes.Configuration, refused.ToString());
        refused.Error.Should().Contain("was written for host http://127.0.0.1:9").And.Contain("kore-deploy journal rebind -f <manifest> --env test --host " + Display(Emulator.Host));
        Emulator.DeployPosts.Should().Be(0);

        var rebound = await Journal("rebind", "-o", "json");

        rebound.ExitCode.Should().Be(0, rebound.ToString());
        rebound.Json.GetProperty("command").GetString().Should().Be("journal rebind");
        rebound.Json.GetProperty("changed").GetBoolean().Should().BeTrue();
        rebound.Json.GetProperty("host").GetString().Should().Be(Display(Emulator.Host));
        rebound.Json.GetProperty("reboundFrom").GetProperty("host").GetString().Should().Be("http://127.0.0.1:9");
        var events = JournalLines.Read(JournalPath).Select(l => l.GetProperty("event").GetString()).ToList();
        events.Count(e => e == "journal").Should().Be(1, "a rebind never writes a second header");
        events[^1].Should().Be("rebound");

        var applied = await Apply();
        applied.ExitCode.Should().Be(0, applied.ToString());
        applied.Outcome("model-01").Should().Be("deployed");
        Emulator.DeployPosts.Should().Be(1);
        (await Plan("--detailed-exitcode")).ExitCode.Should().Be(0, "plan checks the journal against the rebound host too");
        (await Apply("--host", WrongHost)).ExitCode.Should().Be(ExitCodes.Configuration, "the old binding no longer holds");
    }

    [Fact]
    public async Task A_second_rebind_to_the_same_host_writes_nothing_and_says_so()
    {
        await WriteManifest();
        (await Apply("--init")).ExitCode.Should().Be(0);
        var before = File.ReadAllBytes(JournalPath);

        var again = await Journal("rebind");

        again.ExitCode.Should().Be(0, again.ToString());
        again.Out.Should().Contain("already belongs to environment 'test'");
        File.ReadAllBytes(JournalPath).Should().Equal(before);
    }

    [Fact]
    public async Task Rebind_is_refused_while_a_model_is_deployed_on_the_old_host_naming_it_and_the_ways_out()
    {
        await WriteManifest();
        (await Apply("--init")).ExitCode.Should().Be(0);
        var before = File.ReadAllBytes(JournalPath);

        var refused = await Journal("rebind", "--host", "https://platform.example.test");

        refused.ExitCode.Should().Be(ExitCodes.Configuration, refused.ToString());
        refused.Error.Should().Contain("was not re-bound").And.Contain("model-01: deployed (ds-").And.Contain("journal forget").And.Contain("--init");
        File.ReadAllBytes(JournalPath).Should().Equal(before, "nothing is written");
    }

    [Fact]
    public async Task Rebind_to_a_renamed_environment_on_the_same_host_is_refused_saying_to_give_back_the_old_name_not_to_settle_another_host()
    {
        await WriteManifest();
        (await Apply("--init")).ExitCode.Should().Be(0);
        var before = File.ReadAllBytes(JournalPath);
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, [("model-01", 50)], "renamed"));

        var refused = await ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["journal", "rebind", "-f", ManifestPath, "--env", "renamed", "--journal", JournalPath]);

        refused.ExitCode.Should().Be(ExitCodes.Configuration, refused.ToString());
        refused.Error.Should().Contain("was not re-bound to environment 'renamed'").And.Contain("model-01: deployed (ds-")
            .And.Contain("give it back its name 'test'")
            .And.NotContain("where they do not exist", "the deployments are on this very host");
        File.ReadAllBytes(JournalPath).Should().Equal(before, "nothing is written");
    }

    [Fact]
    public async Task Rebind_is_refused_while_a_step_may_have_started_on_the_old_host()
    {
        await WriteManifest();
        var wrong = Display(new Uri(WrongHost));
        File.WriteAllText(JournalPath, string.Join('\n',
            $$"""{"at":"2026-12-01T00:00:00+00:00","event":"journal","environment":"test","host":"{{wrong}}"}""",
            """{"at":"2026-12-01T00:00:01+00:00","event":"intent","modelId":"model-01","action":"deploy","reason":"deploy"}""") + "\n");

        var refused = await Journal("rebind");

        refused.ExitCode.Should().Be(ExitCodes.Configuration, refused.ToString());
        refused.Error.Should().Contain("model-01: a deploy sent whose answer never reached the journal");
        JournalLines.Read(JournalPath).Should().HaveCount(2);
    }

    [Fact]
    public async Task Rebind_takes_the_journals_lock()
    {
        await WriteManifest();
        (await Apply("--init", "--host", WrongHost)).ExitCode.Should().NotBe(ExitCodes.Configuration);
        using var held = DeploymentJournal.OpenToRebind(new FileJournalStore(JournalPath, "test", Emulator.Host, TimeProvider.System));

        var refused = await Journal("rebind");

        refused.ExitCode.Should().Be(ExitCodes.Configuration, refused.ToString());
        refused.Error.Should().Contain("held");
        JournalLines.Read(JournalPath).Should().NotContain(l => l.GetProperty("event").GetString() == "rebound");
    }

    private static string Display(Uri host) => host.ToString().TrimEnd('/');

    private Task WriteManifest() => File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, [("model-01", 50)]));

    private Task<ToolRun> Apply(params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["apply", "-f", ManifestPath, "--env", "test", "--poll-delay", "10ms", "--poll-max-delay", "20ms", "-o", "json", .. extra]);

    private Task<ToolRun> Plan(params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["plan", "-f", ManifestPath, "--env", "test", .. extra]);

    private Task<ToolRun> Journal(string verb, params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["journal", verb, "-f", ManifestPath, "--env", "test", .. extra]);
}
