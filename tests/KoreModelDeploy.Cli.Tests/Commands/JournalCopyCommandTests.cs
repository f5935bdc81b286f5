using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary><c>kore-deploy journal copy</c> between two journal files, in-process, with apply against the emulator.</summary>
public sealed class JournalCopyCommandTests : EmulatorManifestTest
{
    private string TargetPath => Dir.File("moved.journal.jsonl");

    [Fact]
    public async Task An_empty_target_gets_every_event_in_order_with_its_time_and_the_source_records_the_move_in_text_and_json()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 2));
        Emulator.Emulator.Faults.FailNextJob("no capacity");
        (await Apply("--init", "--parallel", "1")).ExitCode.Should().Be(ExitCodes.JobFailed);
        var before = JournalLines.Read(JournalPath);

        var run = await Journal("copy", "--to", TargetPath, "-o", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Json.GetProperty("command").GetString().Should().Be("journal copy");
        run.Json.GetProperty("movedTo").GetString().Should().Be(TargetPath);
        run.Json.GetProperty("changed").GetBoolean().Should().BeTrue();
        var copy = run.Json.GetProperty("copy");
        copy.GetProperty("from").GetString().Should().Be(JournalPath);
        copy.GetProperty("to").GetString().Should().Be(TargetPath);
        copy.GetProperty("copied").GetInt32().Should().Be(before.Count - 1);
        copy.GetProperty("alreadyThere").GetInt32().Should().Be(0);
        copy.GetProperty("events").GetInt32().Should().Be(before.Count - 1);

        var target = JournalLines.Read(TargetPath);
        target[0].GetProperty("environment").GetString().Should().Be("test");
        target[0].GetProperty("host").GetString().Should().Be(before[0].GetProperty("host").GetString(), "the target is bound as the source is");
        target.Skip(1).Select(l => l.GetRawText()).Should().Equal(before.Skip(1).Select(l => l.GetRawText()), "each event is copied in order, with its original time");
        target.Should().NotContain(l => l.GetProperty("event").GetString() == "moved-to", "the move is never copied");
        var after = JournalLines.Read(JournalPath);
        after.Should().HaveCount(before.Count + 1);
        after[^1].GetProperty("event").GetString().Should().Be("moved-to");
        after[^1].GetProperty("to").GetString().Should().Be(TargetPath);
        Store(TargetPath).Read()!.State.SameAs(Store(JournalPath).Read()!.State).Should().BeTrue();

        var text = await Journal("copy", "--to", TargetPath);
        text.ExitCode.Should().Be(0, text.ToString());
        text.Out.Should().Contain("copied 0 event(s)").And.Contain($"--journal {TargetPath}");
    }

    [Fact]
    public async Task A_target_holding_the_start_of_the_journal_is_completed_and_a_second_run_writes_nothing()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 2));
        (await Apply("--init", "--parallel", "1")).ExitCode.Should().Be(0);
        var source = Store(JournalPath).Read()!;
        using (var cut = Store(TargetPath).Open(init: true))
        {
            // A copy cut short after its third event.
            for (var i = 0; i < 3; i++)
            {
                cut.Append(source.Events[i], source.RecordedAt[i]);
            }
        }

        var run = await Journal("copy", "--to", TargetPath, "-o", "json");
        var again = await Journal("copy", "--to", TargetPath, "-o", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Json.GetProperty("copy").GetProperty("copied").GetInt32().Should().Be(source.Events.Count - 3);
        run.Json.GetProperty("copy").GetProperty("alreadyThere").GetInt32().Should().Be(3);
        var copied = Store(TargetPath).Read()!;
        copied.Events.Should().Equal(source.Events);
        copied.RecordedAt.Should().Equal(source.RecordedAt);
        again.ExitCode.Should().Be(0, again.ToString());
        again.Json.GetProperty("changed").GetBoolean().Should().BeFalse();
        again.Json.GetProperty("copy").GetProperty("copied").GetInt32().Should().Be(0);
        JournalLines.Count(JournalPath, "moved-to").Should().Be(1, "a journal that moved to the target already is not marked twice");
        JournalLines.Read(TargetPath).Should().HaveCount(source.Events.Count + 1);
    }

    [Fact]
    public async Task A_target_that_is_not_a_prefix_of_the_journal_is_refused_naming_the_first_differing_event_and_nothing_is_written()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        (await Apply("--init")).ExitCode.Should().Be(0);
        var source = Store(JournalPath).Read()!;
        var longer = Dir.File("longer.journal.jsonl");
        using (var other = Store(TargetPath).Open(init: true))
        {
            other.Append(source.Events[0], source.RecordedAt[0]);
            other.Append(new JournalEvent.Started("model-01", StepCall.Deploy, "ds-elsewhere"));
        }

        using (var other = Store(longer).Open(init: true))
        {
            foreach (var journalEvent in source.Events)
            {
                other.Append(journalEvent);
            }

            other.Append(new JournalEvent.Forgotten("model-01", "by hand"));
        }

        var sourceBytes = await File.ReadAllBytesAsync(JournalPath);
        var targetBytes = await File.ReadAllBytesAsync(TargetPath);
        var longerBytes = await File.ReadAllBytesAsync(longer);

        var differs = await Journal("copy", "--to", TargetPath);
        var extra = await Journal("copy", "--to", longer, "-o", "json");

        differs.ExitCode.Should().Be(ExitCodes.Configuration, differs.ToString());
        differs.Error.Should().Contain("its event 2 is started deploy of model-01 (ds-elsewhere)").And.Contain("the source's is started deploy of model-01 (ds-");
        extra.ExitCode.Should().Be(ExitCodes.Configuration, extra.ToString());
        extra.Json.GetProperty("reason").GetString().Should().Contain($"its event {source.Events.Count + 1} is forgotten of model-01").And.Contain($"the source holds only {source.Events.Count}");
        (await File.ReadAllBytesAsync(JournalPath)).Should().Equal(sourceBytes, "the source is not marked");
        (await File.ReadAllBytesAsync(TargetPath)).Should().Equal(targetBytes);
        (await File.ReadAllBytesAsync(longer)).Should().Equal(longerBytes);
    }

    [Fact]
    public async Task Apply_plan_forget_and_rebind_on_the_old_journal_exit_7_naming_the_new_one_and_send_nothing_while_apply_on_the_new_one_goes_on()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        (await Apply("--init")).ExitCode.Should().Be(0);
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 2));
        var planFile = Dir.File("plan.json");
        (await ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync("plan", "-f", ManifestPath, "--env", "test", "--save-plan", planFile)).ExitCode.Should().Be(0);
        (await Journal("copy", "--to", TargetPath)).ExitCode.Should().Be(0);
        var posts = Emulator.DeployPosts;
        var journalBytes = await File.ReadAllBytesAsync(JournalPath);
        var terminal = ModelEntries.Runner(Emulator.ToolEnvironment);
        terminal.InIsTerminal = true;
        terminal.ErrorIsTerminal = true;
        terminal.Stdin = "yes\n";
        terminal.Environment["NO_COLOR"] = "1";

        var apply = await Apply();
        var asked = await terminal.RunAsync("apply", "-f", ManifestPath, "--env", "test");
        var saved = await ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync("apply", "--plan", planFile);
        var plan = await ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync("plan", "-f", ManifestPath, "--env", "test");
        var forget = await Journal("forget", "model-01");
        var rebind = await Journal("rebind", "--host", "https://elsewhere.example.test");

        foreach (var refused in new[] { apply, asked, saved, plan, forget, rebind })
        {
            refused.ExitCode.Should().Be(ExitCodes.Configuration, refused.ToString());
            refused.All.Should().Contain($"moved to {TargetPath}").And.Contain($"--journal {TargetPath}");
        }

        asked.Error.Should().NotContain("Apply this plan?", "no plan is shown for a journal apply will refuse");

        Emulator.DeployPosts.Should().Be(posts, "nothing is sent on the strength of a journal that moved");
        (await File.ReadAllBytesAsync(JournalPath)).Should().Equal(journalBytes);

        var moved = await Apply("--journal", TargetPath);
        moved.ExitCode.Should().Be(0, moved.ToString());
        moved.Outcome("model-01").Should().Be("unchanged", "the copy knows model-01 is deployed");
        moved.Outcome("model-02").Should().Be("deployed");
        Emulator.DeployPosts.Should().Be(posts + 1);
    }

    [Fact]
    public async Task Show_on_the_old_journal_says_where_it_moved_and_still_lists_its_models()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        (await Apply("--init")).ExitCode.Should().Be(0);
        (await Journal("show", "-o", "json")).Json.TryGetProperty("movedTo", out _).Should().BeFalse();
        (await Journal("copy", "--to", TargetPath)).ExitCode.Should().Be(0);

        var json = await Journal("show", "-o", "json");
        var text = await Journal("show");
        var history = await Journal("history", "model-01");

        json.ExitCode.Should().Be(0, json.ToString());
        json.Json.GetProperty("movedTo").GetString().Should().Be(TargetPath);
        json.Json.GetProperty("journalModels").GetArrayLength().Should().Be(1);
        text.Error.Should().Contain($"moved to {TargetPath}").And.Contain($"--journal {TargetPath}");
        text.Out.Should().MatchRegex(@"model-01\s+deployed");
        history.ExitCode.Should().Be(0, history.ToString());
        history.Error.Should().Contain($"moved to {TargetPath}");
        history.Out.Should().NotContain("moved-to", "the move is no model's event");
    }

    [Fact]
    public async Task A_moved_journal_is_copied_again_only_to_where_it_went_which_completes_a_copy_restored_short()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        (await Apply("--init")).ExitCode.Should().Be(0);
        (await Journal("copy", "--to", TargetPath)).ExitCode.Should().Be(0);
        var third = Dir.File("third.journal.jsonl");

        var elsewhere = await Journal("copy", "--to", third);

        elsewhere.ExitCode.Should().Be(ExitCodes.Configuration, elsewhere.ToString());
        elsewhere.Error.Should().Contain($"moved to {TargetPath}").And.Contain($"--journal {TargetPath} --to {third}");
        File.Exists(third).Should().BeFalse();

        // The copy restored from a backup older than the move: its header and first event only.
        var lines = await File.ReadAllLinesAsync(TargetPath);
        await File.WriteAllLinesAsync(TargetPath, lines.Take(2));
        var completed = await Journal("copy", "--to", TargetPath, "-o", "json");

        completed.ExitCode.Should().Be(0, completed.ToString());
        completed.Json.GetProperty("copy").GetProperty("alreadyThere").GetInt32().Should().Be(1);
        completed.Json.GetProperty("copy").GetProperty("copied").GetInt32().Should().Be(lines.Length - 2);
        (await File.ReadAllLinesAsync(TargetPath)).Should().Equal(lines);
        JournalLines.Count(JournalPath, "moved-to").Should().Be(1);
    }

    [Fact]
    public async Task A_copy_to_the_journal_itself_to_no_location_from_no_journal_or_to_a_uri_holding_a_password_is_refused()
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        (await Apply("--init")).ExitCode.Should().Be(0);
        var before = await File.ReadAllBytesAsync(JournalPath);

        var itself = await Journal("copy", "--to", JournalPath);
        var none = await Journal("copy");
        var missing = await ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync("journal", "copy", "-f", ManifestPath, "--env", "test", "--journal", Dir.File("none.jsonl"), "--to", TargetPath);
        var password = await Journal("copy", "--to", "postgres://deploy:s3cret-pw-41@127.0.0.1:5432/kore", "-o", "json");

        itself.ExitCode.Should().Be(ExitCodes.Configuration, itself.ToString());
        itself.Error.Should().Contain("is the journal itself");
        none.ExitCode.Should().Be(ExitCodes.Usage, none.ToString());
        none.Error.Should().Contain("--to");
        missing.ExitCode.Should().Be(ExitCodes.Configuration, missing.ToString());
        missing.Error.Should().Contain("No journal at");
        password.ExitCode.Should().Be(ExitCodes.Configuration, password.ToString());
        password.All.Should().NotContain("s3cret-pw-41").And.Contain("PGPASSWORD");
        File.Exists(TargetPath).Should().BeFalse("a missing source creates no target");
        (await File.ReadAllBytesAsync(JournalPath)).Should().Equal(before);
    }

    private FileJournalStore Store(string path) => new(path, "test", Emulator.Host, TimeProvider.System);

    private Task<ToolRun> Apply(params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["apply", "-f", ManifestPath, "--env", "test", "--poll-delay", "10ms", "--poll-max-delay", "20ms", "-o", "json", .. extra]);

    private Task<ToolRun> Journal(string verb, params string[] extra) =>
        ModelEntries.Runner(Emulator.ToolEnvironment).RunAsync(["journal", verb, "-f", ManifestPath, "--env", "test", .. extra]);
}
