using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary>
/// <c>kore-deploy journal copy</c> between a journal file and PostgreSQL, both ways, against a real server and the
/// emulator. Each test uses an environment of its own name, so its journal row is its own.
/// </summary>
public sealed class JournalCopyPostgreSqlTests(PostgreSqlJournalFixture server) : EmulatorManifestTest, IClassFixture<PostgreSqlJournalFixture>
{
    private readonly string _environment = "e" + Guid.NewGuid().ToString("N")[..12];

    private string FilePath => JournalPaths.Default(ManifestPath, _environment);

    [Fact]
    public async Task A_file_journal_moves_to_postgresql_with_every_event_and_time_and_apply_goes_on_there()
    {
        await WriteManifest(2);
        Emulator.Emulator.Faults.FailNextJob("no capacity");
        (await Apply("--init", "--parallel", "1")).ExitCode.Should().Be(ExitCodes.JobFailed);

        var run = await Journal("copy", "--to", server.Uri, "-o", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Json.GetProperty("copy").GetProperty("to").GetString().Should().Be(server.Location.Display);
        var file = new FileJournalStore(FilePath, _environment, Emulator.Host, TimeProvider.System).Read()!;
        var database = server.Store(_environment, _environment, Emulator.Host).Read()!;
        file.Events[^1].Should().Be(new JournalEvent.Moved(server.Location.Display));
        database.Events.Should().Equal(file.Events.SkipLast(1));
        database.RecordedAt.Should().Equal(file.RecordedAt.SkipLast(1), "each event keeps its original time");
        database.State.SameAs(file.State).Should().BeTrue();
        database.Binding.Should().Be(file.Binding);

        var posts = Emulator.DeployPosts;
        var onFile = await Apply();
        var onDatabase = await Apply("--journal", server.Uri, "--retry-failed");

        onFile.ExitCode.Should().Be(ExitCodes.Configuration, onFile.ToString());
        onFile.Json.GetProperty("reason").GetString().Should().Contain($"moved to {server.Location.Display}");
        onDatabase.ExitCode.Should().Be(0, onDatabase.ToString());
        onDatabase.Outcome("model-02").Should().Be("unchanged");
        onDatabase.Outcome("model-01").Should().Be("retried", "the copy knows its last deploy failed");
        Emulator.DeployPosts.Should().Be(posts + 1);
    }

    [Fact]
    public async Task A_postgresql_journal_moves_to_a_file_and_the_old_one_names_the_file()
    {
        await WriteManifest(1);
        (await Apply("--init", "--journal", server.Uri)).ExitCode.Should().Be(0);
        var target = Dir.File("from-postgres.journal.jsonl");

        var run = await Journal("copy", "--journal", server.Uri, "--to", target, "-o", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        var database = server.Store(_environment, _environment, Emulator.Host).Read()!;
        var file = new FileJournalStore(target, _environment, Emulator.Host, TimeProvider.System).Read()!;
        database.Events[^1].Should().Be(new JournalEvent.Moved(target));
        file.Events.Should().Equal(database.Events.SkipLast(1)).And.HaveCount(3);
        file.RecordedAt.Should().Equal(database.RecordedAt.SkipLast(1));
        file.State.SameAs(database.State).Should().BeTrue();

        var posts = Emulator.DeployPosts;
        var refused = await Apply("--journal", server.Uri);
        var show = await Journal("show", "--journal", server.Uri, "-o", "json");

        refused.ExitCode.Should().Be(ExitCodes.Configuration, refused.ToString());
        refused.Json.GetProperty("reason").GetString().Should().Contain($"moved to {target}");
        Emulator.DeployPosts.Should().Be(posts);
        show.Json.GetProperty("movedTo").GetString().Should().Be(target);
        (await Apply("--journal", target)).ExitCode.Should().Be(0);
        Emulator.DeployPosts.Should().Be(posts, "model-01 is deployed, as the copy knows");
    }

    [Fact]
    public async Task A_postgresql_target_holding_the_start_of_the_journal_is_completed()
    {
        await WriteManifest(2);
        (await Apply("--init")).ExitCode.Should().Be(0);
        var file = new FileJournalStore(FilePath, _environment, Emulator.Host, TimeProvider.System).Read()!;
        using (var cut = server.Store(_environment, _environment, Emulator.Host).Open(init: true))
        {
            cut.Append(file.Events[0], file.RecordedAt[0]);
            cut.Append(file.Events[1], file.RecordedAt[1]);
        }

        var run = await Journal("copy", "--to", server.Uri, "-o", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Json.GetProperty("copy").GetProperty("alreadyThere").GetInt32().Should().Be(2);
        run.Json.GetProperty("copy").GetProperty("copied").GetInt32().Should().Be(file.Events.Count - 2);
        var database = server.Store(_environment, _environment, Emulator.Host).Read()!;
        database.Events.Should().Equal(file.Events);
        database.RecordedAt.Should().Equal(file.RecordedAt);
    }

    private Task WriteManifest(int models) =>
        File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, Enumerable.Range(1, models).Select(i => ($"model-{i:00}", 50)), _environment));

    private Task<ToolRun> Apply(params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["apply", "-f", ManifestPath, "--env", _environment, "--poll-delay", "10ms", "--poll-max-delay", "20ms", "-o", "json", .. extra]);

    private Task<ToolRun> Journal(string verb, params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["journal", verb, "-f", ManifestPath, "--env", _environment, .. extra]);
}
