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
    public void A_journal_an_earlier_release_wrote_still_reads_bound_by_its_header_until_a_rebound_line_follows()
    {
        File.WriteAllText(JournalPath, string.Join('\n',
            """{"at":"2026-10-01T00:00:00Z","event":"journal","environment":"prod","host":"https://typo.example.test"}""",
            """{"at":"2026-10-01T00:00:01Z","event":"intent","modelId":"m-1","action":"deploy","fingerprint":"fp-1"}""",
            """{"at":"2026-10-01T00:00:02Z","event":"not-started","modelId":"m-1","action":"deploy","message":"connection refused"}""") + "\n");

        var old = JournalFile.Read(JournalPath, "prod", new Uri("https://typo.example.test"))!;
        old.Binding.Should().Be(new JournalBinding("prod", "https://typo.example.test"));
        old.State.Find("m-1")!.Pending.Should().BeNull();
        var refused = () => JournalFile.Read(JournalPath, "prod", Host);
        refused.Should().Throw<JournalException>().Which.Message.Should().Contain("kore-deploy journal rebind").And.Contain("--host https://prod.example.test");

        using (var journal = JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System, rebinding: true))
        {
            journal.Append(new JournalEvent.Rebound("prod", "https://prod.example.test"));
        }

        JournalFile.Read(JournalPath, "prod", Host)!.Binding.Host.Should().Be("https://prod.example.test");
        File.ReadAllLines(JournalPath).Should().HaveCount(4).And.ContainSingle(l => l.Contains("\"event\":\"journal\"", StringComparison.Ordinal), "the header is never rewritten");
        File.ReadAllLines(JournalPath)[^1].Should().Contain("\"event\":\"rebound\"").And.Contain("\"host\":\"https://prod.example.test\"");
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

        journal.Append(new JournalEvent.Intent("m-1", StepCall.Deploy, StepReason.Deploy));

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
            journal.Append(new JournalEvent.Intent("m-1", StepCall.Deploy, StepReason.Deploy));
            journal.Append(new JournalEvent.Started("m-1", StepCall.Deploy, "ds-1"));
        }

        const string Torn = """{"at":"2026-11-29T10:00:00Z","event":"finished","modelId":"m-1","act""";
        File.AppendAllText(JournalPath, Torn);

        var planned = JournalFile.Read(JournalPath, "prod", Host)!;
        planned.TornTail.Should().Contain("cut off").And.Contain("line 4");
        planned.State.Find("m-1")!.Pending!.DockStatusId.Should().Be("ds-1", "the whole lines are kept");
        File.Exists(JournalPaths.Torn(JournalPath)).Should().BeFalse("a plan writes nothing");

        using (var journal = JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System))
        {
            journal.Contents.TornTail.Should().Contain("Its bytes are kept in " + JournalPaths.Torn(JournalPath));
            File.ReadAllText(JournalPaths.Torn(JournalPath)).Should().Be(Torn + "\n", "no byte the journal held is lost, only moved aside");
            journal.Append(new JournalEvent.Finished("m-1", StepCall.Deploy, "ds-1", KoreModelDeploy.Models.DockJobStatus.Success, null));
        }

        var reread = JournalFile.Read(JournalPath, "prod", Host)!;
        reread.TornTail.Should().BeNull("the torn bytes were cut off before the next line was written");
        reread.State.Find("m-1")!.Deployed.Should().BeTrue();
        File.ReadAllLines(JournalPath).Should().HaveCount(4);
    }

    [Fact]
    public void Torn_lines_of_two_crashes_are_both_kept_one_line_each()
    {
        CreateJournal();
        File.AppendAllText(JournalPath, "{\"at\":\"2026-11-29T10:00:00Z\",\"ev");
        using (JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System))
        {
        }

        File.AppendAllText(JournalPath, "{\"at\":\"2026-11-30T10:00:00Z\",\"event\":\"int");
        using (JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System))
        {
        }

        File.ReadAllLines(JournalPaths.Torn(JournalPath)).Should().Equal("{\"at\":\"2026-11-29T10:00:00Z\",\"ev", "{\"at\":\"2026-11-30T10:00:00Z\",\"event\":\"int");
        File.ReadAllLines(JournalPath).Should().ContainSingle("only the header is a journal line");
    }

    [Fact]
    public void A_torn_line_whose_bytes_cannot_be_kept_leaves_the_journal_as_it_was()
    {
        CreateJournal();
        File.AppendAllText(JournalPath, "{\"at\":\"2026-11-29T10:00:00Z\",\"ev");
        var before = File.ReadAllBytes(JournalPath);
        var elsewhere = _dir.File("someone-elses-file.txt");
        File.WriteAllText(elsewhere, "keep me");

        File.CreateSymbolicLink(JournalPaths.Torn(JournalPath), elsewhere);
        var throughLink = () => JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System);
        throughLink.Should().Throw<JournalException>().Which.Message.Should().Contain("symbolic link").And.Contain("Nothing was changed");
        File.ReadAllText(elsewhere).Should().Be("keep me", "nothing is written through a link");
        File.ReadAllBytes(JournalPath).Should().Equal(before);

        File.Delete(JournalPaths.Torn(JournalPath));
        Directory.CreateDirectory(JournalPaths.Torn(JournalPath));
        var intoFolder = () => JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System);
        intoFolder.Should().Throw<JournalException>().Which.Message.Should().Contain("not a regular file");
        File.ReadAllBytes(JournalPath).Should().Equal(before, "a torn line is cut off only once its bytes are kept");
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
            journal.Append(new JournalEvent.Started("m-1", StepCall.Deploy, "ds-1"));
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

    [Fact]
    public void A_complete_last_line_that_does_not_parse_is_damage_named_by_line_and_every_byte_is_kept()
    {
        CreateJournal();
        var line = Encoding.UTF8.GetBytes("""{"at":"2026-11-29T10:00:00Z","event":"started","modelId":"m-1","action":"deploy","dockStatusId":"ds-1","message":"x""");
        File.AppendAllBytes(JournalPath, [.. line, 0xFF, .. "\"}\n"u8]);
        var before = File.ReadAllBytes(JournalPath);

        var apply = () => JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System);
        var plan = () => JournalFile.Read(JournalPath, "prod", Host);

        apply.Should().Throw<JournalException>().Which.Message.Should().Contain("damaged").And.Contain("line 2");
        plan.Should().Throw<JournalException>().Which.Message.Should().Contain("line 2");
        File.ReadAllBytes(JournalPath).Should().Equal(before, "damage is never repaired by deleting it");
    }

    [Theory]
    [InlineData("not json\n")]
    [InlineData("{\"at\":\"2026-11-29T10:00:00Z\",\"event\":\"intent\",\"modelId\":\"m\0\"}\n")]
    [InlineData("{\"at\":\"2026-11-29T10:00:00Z\",\"event\":\"journal\",\"environment\":\"other\",\"host\":\"https://other.example.test\"}\n")]
    public void A_complete_line_that_is_not_an_entry_or_is_a_second_header_is_damage(string line)
    {
        CreateJournal();
        File.AppendAllText(JournalPath, line);
        var before = File.ReadAllBytes(JournalPath);

        var apply = () => JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System);

        apply.Should().Throw<JournalException>().Which.Message.Should().Contain("line 2");
        File.ReadAllBytes(JournalPath).Should().Equal(before);
    }

    [Fact]
    public void A_trailing_empty_line_is_ignored_and_kept_and_never_reported_torn()
    {
        CreateJournal();
        File.AppendAllText(JournalPath, "\n");
        var before = File.ReadAllBytes(JournalPath);

        using (var journal = JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System))
        {
            journal.Contents.TornTail.Should().BeNull();
        }

        File.ReadAllBytes(JournalPath).Should().Equal(before);
    }

    [Fact]
    public void A_journal_starting_with_a_byte_order_mark_and_written_with_CRLF_is_read()
    {
        CreateJournal();
        var text = File.ReadAllText(JournalPath).Replace("\n", "\r\n", StringComparison.Ordinal)
            + """{"at":"2026-11-29T10:00:00Z","event":"started","modelId":"m-1","action":"deploy","dockStatusId":"ds-1"}""" + "\r\n";
        File.WriteAllBytes(JournalPath, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);

        var contents = JournalFile.Read(JournalPath, "prod", Host)!;

        contents.State.Find("m-1")!.Pending!.DockStatusId.Should().Be("ds-1");
    }

    [Fact]
    public void A_huge_journal_of_one_line_is_refused_as_damage_without_reading_it_whole()
    {
        using (var file = new FileStream(JournalPath, FileMode.CreateNew))
        {
            // Sparse: 3 GB of zero bytes that take no disk.
            file.SetLength(3L * 1024 * 1024 * 1024);
        }

        var apply = () => JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System);

        apply.Should().Throw<JournalException>().Which.Message.Should().Contain("line 1").And.Contain("longer than");
        new FileInfo(JournalPath).Length.Should().Be(3L * 1024 * 1024 * 1024);
    }

    [Fact]
    public async Task A_journal_reached_through_a_symbolic_or_hard_link_or_another_spelling_is_locked_too()
    {
        CreateJournal();
        var symbolic = _dir.File("symbolic.jsonl");
        File.CreateSymbolicLink(symbolic, JournalPath);
        var hard = _dir.File("hard.jsonl");
        await ChildProcess.HardLinkAsync(JournalPath, hard);

        using var first = JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System);

        foreach (var other in new[] { symbolic, hard, _dir.File("./kore.prod.journal.jsonl"), _dir.Path + "//kore.prod.journal.jsonl" })
        {
            var second = () => JournalFile.OpenForApply(other, "prod", Host, init: false, TimeProvider.System);
            second.Should().Throw<JournalException>(other).Which.Message.Should().Contain("Another apply");
        }
    }

    [Fact]
    public void A_dangling_symbolic_link_at_the_lock_path_is_refused_and_its_target_is_not_created()
    {
        CreateJournal();
        var target = _dir.File("elsewhere/created-by-apply");
        Directory.CreateDirectory(_dir.File("elsewhere"));
        File.Delete(JournalPaths.Lock(JournalPath));
        File.CreateSymbolicLink(JournalPaths.Lock(JournalPath), target);

        var apply = () => JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System);

        apply.Should().Throw<JournalException>().Which.Message.Should().Contain("symbolic link");
        File.Exists(target).Should().BeFalse();
    }

    [Fact]
    public void A_folder_where_the_lock_file_goes_and_a_path_ending_with_a_slash_are_refused()
    {
        CreateJournal();
        File.Delete(JournalPaths.Lock(JournalPath));
        Directory.CreateDirectory(JournalPaths.Lock(JournalPath));

        var locked = () => JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System);
        var slash = () => JournalFile.OpenForApply(_dir.File("new.jsonl") + "/", "prod", Host, init: true, TimeProvider.System);

        locked.Should().Throw<JournalException>().Which.Message.Should().Contain("is a folder");
        slash.Should().Throw<JournalException>().Which.Message.Should().Contain("names a folder");
    }

    [Fact]
    public void A_journal_renamed_over_while_an_apply_holds_it_stops_that_apply_before_its_next_call()
    {
        CreateJournal();
        using var journal = JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System);
        var copy = _dir.File("copy.jsonl");
        File.Copy(JournalPath, copy);
        File.Move(copy, JournalPath, overwrite: true);

        var intent = () => journal.Append(new JournalEvent.Intent("m-1", StepCall.Deploy, StepReason.Deploy));

        intent.Should().Throw<JournalException>().Which.Message.Should().Contain("replaced or removed");
        File.ReadAllLines(JournalPath).Should().HaveCount(1, "nothing went to the file now at the path");
    }

    [Fact]
    public void A_write_that_fails_is_cut_off_again_and_no_later_line_is_written()
    {
        CreateJournal();
        FailingStream? failing = null;
        using (var journal = JournalFile.OpenForApply(JournalPath, "prod", Host, init: false, TimeProvider.System, s => failing = new FailingStream(s)))
        {
            journal.Append(new JournalEvent.Intent("m-1", StepCall.Deploy, StepReason.Deploy));
            failing!.FailAfterBytes = 10;

            var started = () => journal.Append(new JournalEvent.Started("m-1", StepCall.Deploy, "ds-1"));
            started.Should().Throw<JournalException>().Which.Message.Should().Contain("No space left");
            failing.FailAfterBytes = null;
            started.Should().Throw<JournalException>().Which.Message.Should().Contain("earlier in this run");
        }

        var contents = JournalFile.Read(JournalPath, "prod", Host)!;
        contents.TornTail.Should().BeNull("the ten bytes that got in were cut off");
        contents.State.Find("m-1")!.Pending!.DockStatusId.Should().BeNull();
    }

    /// <summary>Passes writes through until <see cref="FailAfterBytes"/> is set, then writes that many bytes and fails as a full disk does.</summary>
    private sealed class FailingStream(Stream inner) : Stream
    {
        public int? FailAfterBytes { get; set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (FailAfterBytes is { } allowed)
            {
                inner.Write(buffer, offset, Math.Min(allowed, count));
                throw new IOException("No space left on device");
            }

            inner.Write(buffer, offset, count);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
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
