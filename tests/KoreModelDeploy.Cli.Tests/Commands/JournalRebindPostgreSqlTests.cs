using System.Globalization;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary>
/// <c>kore-deploy journal rebind</c> on a PostgreSQL journal, in-process against a real server and the emulator. Such
/// a journal is found by its environment's name, so an environment renamed in the manifest finds none.
/// </summary>
public sealed class JournalRebindPostgreSqlTests(PostgreSqlJournalFixture server) : EmulatorManifestTest, IClassFixture<PostgreSqlJournalFixture>
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Rebind_after_the_environment_was_renamed_exits_7_names_the_journals_the_database_holds_and_warns_off_init_writing_nothing()
    {
        var (old, renamed) = ("staging" + _suffix, "stage" + _suffix);
        await WriteManifest(old);
        (await Apply(old, "--init")).ExitCode.Should().Be(0);
        var events = await EventCountAsync(old);
        await WriteManifest(renamed);

        var text = await Rebind(renamed);
        var json = await Rebind(renamed, "-o", "json");

        foreach (var run in new[] { text, json })
        {
            run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
            run.All.Should().Contain($"No journal for environment '{renamed}'")
                .And.Contain("does not rename")
                .And.Contain($"'{old}'", "the journal under the old name is named")
                .And.Contain("give it back the name")
                .And.Contain("Do not run apply --init")
                .And.NotContain("pass --init;", "apply --init would deploy every model again");
        }

        json.Json.GetProperty("exitCode").GetInt32().Should().Be(ExitCodes.Configuration);
        (await EventCountAsync(old)).Should().Be(events, "nothing was written to the old journal");
        (await server.ScalarAsync($"SELECT count(*) FROM kore_journal_environments WHERE name = '{renamed}'")).Should().Be(0L, "no journal was created under the new name");
        Emulator.DeployPosts.Should().Be(1);
    }

    private Task WriteManifest(string environment) =>
        File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, [("model-01", 50)], environment));

    private Task<ToolRun> Apply(string environment, params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["apply", "-f", ManifestPath, "--env", environment, "--journal", server.Uri, "--poll-delay", "10ms", "--poll-max-delay", "20ms", .. extra]);

    private Task<ToolRun> Rebind(string environment, params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["journal", "rebind", "-f", ManifestPath, "--env", environment, "--journal", server.Uri, .. extra]);

    private async Task<long> EventCountAsync(string environment) => Convert.ToInt64(
        await server.ScalarAsync($"SELECT count(*) FROM kore_journal_events v JOIN kore_journal_environments e ON e.id = v.environment_id WHERE e.name = '{environment}'"),
        CultureInfo.InvariantCulture);
}
