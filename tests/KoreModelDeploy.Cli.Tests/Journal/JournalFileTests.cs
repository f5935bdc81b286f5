using System.Text;
using System.Text.Json;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Journal;

public sealed class JournalFileTests : IDisposable
{
    private static readonly Uri Host = new("https://prod.example.test/");
    private readonly TempDirectory _dir = new();

    private string JournalPath => _dir.File("kore.prod.journal.jsonl");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Refuses_to_start_without_a_journal_unless_told_this_is_the_first_apply()
    {
        var act = () => JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System);

        act.Should().Throw<JournalException>().Which.Message.Should().Contain("--init").And.Contain(JournalPath).And.Contain("deployed again");
        File.Exists(JournalPath).Should().BeFalse("nothing is created without --init");
    }

    [Fact]
    public void Init_creates_a_journal_whose_first_line_names_its_environment_and_host()
    {
        using (var journal = JournalFile.OpenForApply(JournalPath, "prod", Host, init: true, TimeProvider.System))
        {
            journal.Created.Should().BeTrue();
        }

        var header = JsonDocument.Parse(File.ReadAllLines(JournalPath).Single()).RootElement;
        header.GetProperty("event").GetString().Should().Be("journal");
        header.GetProperty("environment").GetString().Should().Be("prod");
        header.GetProperty("host").GetString().Should().Be("https://prod.example.test");
    }

    [Fact]
    public void Refuses_a_journal_written_for_another_host_for_apply_and_for_plan()
    {
        CreateJournal();
        var other = new Uri("https://staging.example.test");

        var apply = () => JournalFile.OpenForApply(JournalPath, "prod", other, init: true, TimeProvider.System);
        var plan = () => JournalFile.Read(JournalPath, "prod", other);

        apply.Should().Throw<JournalException>().Which.Message.Should().Contain("https://prod.example.test").And.Contain("https://staging.example.test");
        plan.Should().Throw<JournalException>();
    }

    [Fact]
    public void Keeps_a_second_apply_off_the_journal_until_the_first_lets_go()
    {
        CreateJournal();
        var first = JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System);

        var second = () => JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System);

        second.Should().Throw<JournalException>().Which.Message.Should().Contain("Another apply").And.Contain("concurrency control");
        first.Dispose();
        using var third = second();
        third.Path.Should().Be(JournalPath);
    }

    [Fact]
    public void Each_line_is_on_disk_when_Append_returns()
    {
        CreateJournal();
        using var journal = JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System);

        journal.Append(new JournalEntry { At = default, Event = JournalEvents.Intent, ModelId = "m-1", Action = "deploy" });

        // Read through a handle of its own while the apply still holds the journal open.
        var lines = ReadShared();
        lines.Should().HaveCount(2);
        lines[1].Should().Contain("\"event\":\"intent\"").And.Contain("\"modelId\":\"m-1\"");
    }

    [Fact]
    public void A_torn_last_line_keeps_the_whole_lines_before_it_says_so_and_the_next_line_starts_clean()
    {
        CreateJournal();
        using (var journal = JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System))
        {
            journal.Append(new JournalEntry { At = default, Event = JournalEvents.Intent, ModelId = "m-1", Action = "deploy" });
            journal.Append(new JournalEntry { At = default, Event = JournalEvents.Started, ModelId = "m-1", Action = "deploy", DockStatusId = "ds-1" });
        }

        File.AppendAllText(JournalPath, """{"at":"2026-11-29T10:00:00Z","event":"finished","modelId":"m-1","act""");

        var planned = JournalFile.Read(JournalPath, "prod", Host)!;
        planned.TornTail.Should().Contain("cut off").And.Contain("line 4");
        planned.State.Find("m-1")!.Pending!.DockStatusId.Should().Be("ds-1", "the whole lines are kept");

        using (var journal = JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System))
        {
            journal.Contents.TornTail.Should().NotBeNull();
            journal.Append(new JournalEntry { At = default, Event = JournalEvents.Finished, ModelId = "m-1", Action = "deploy", DockStatusId = "ds-1", Status = "SUCCESS" });
        }

        var reread = JournalFile.Read(JournalPath, "prod", Host)!;
        reread.TornTail.Should().BeNull("the torn bytes were cut off before the next line was written");
        reread.State.Find("m-1")!.Deployed.Should().BeTrue();
        File.ReadAllLines(JournalPath).Should().HaveCount(4);
    }

    [Fact]
    public void A_damaged_line_before_the_last_makes_the_journal_unusable()
    {
        CreateJournal();
        File.AppendAllText(JournalPath, "not json\n" + """{"at":"2026-11-29T10:00:00Z","event":"intent","modelId":"m-1","action":"deploy"}""" + "\n");

        var act = () => JournalFile.Read(JournalPath, "prod", Host);

        act.Should().Throw<JournalException>().Which.Message.Should().Contain("line 2");
    }

    [Fact]
    public void A_last_line_written_whole_without_its_line_break_is_kept_and_the_next_line_goes_after_it()
    {
        CreateJournal();
        File.AppendAllText(JournalPath, """{"at":"2026-11-29T10:00:00Z","event":"intent","modelId":"m-1","action":"deploy"}""");

        using (var journal = JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System))
        {
            journal.Contents.TornTail.Should().BeNull();
            journal.Append(new JournalEntry { At = default, Event = JournalEvents.Started, ModelId = "m-1", Action = "deploy", DockStatusId = "ds-1" });
        }

        JournalFile.Read(JournalPath, "prod", Host)!.State.Find("m-1")!.Pending!.DockStatusId.Should().Be("ds-1");
    }

    [Fact]
    public void The_default_journal_lives_beside_the_manifest_one_per_environment()
    {
        var manifest = _dir.File("kore.json");

        JournalPaths.Default(manifest, "prod").Should().Be(_dir.File("kore.prod.journal.jsonl"));
        JournalPaths.Default(manifest, "staging").Should().Be(_dir.File("kore.staging.journal.jsonl"));
    }

    private void CreateJournal()
    {
        using var journal = JournalFile.OpenForApply(JournalPath, "prod", Host, init: true, TimeProvider.System);
    }

    private string[] ReadShared()
    {
        using var stream = new FileStream(JournalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
