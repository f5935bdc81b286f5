using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Tests.Journal;

/// <summary>
/// <see cref="JournalCopying"/> and the <c>moved-to</c> event, over journal files and a target store that reads back
/// otherwise than it was written: the copy is checked before the source is marked.
/// </summary>
public sealed class JournalCopyingTests : IDisposable
{
    private static readonly Uri Host = new("https://prod.example.test/");

    private static readonly JournalEvent[] Events =
    [
        new JournalEvent.Intent("m-1", StepCall.Deploy, StepReason.Deploy, "openSource", "fp-1", false, """{"name":"m-1"}"""),
        new JournalEvent.Started("m-1", StepCall.Deploy, "ds-1"),
        new JournalEvent.Finished("m-1", StepCall.Deploy, "ds-1", DockJobStatus.Success, "deployed"),
    ];

    private readonly TempDirectory _dir = new();

    private FileJournalStore Source => new(_dir.File("source.jsonl"), "prod", Host, TimeProvider.System);

    private FileJournalStore Target => new(_dir.File("target.jsonl"), "prod", Host, TimeProvider.System);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_copy_that_reads_back_with_an_event_missing_is_refused_and_the_source_is_not_marked()
    {
        WriteSource();

        var copy = () => Copy(new ReadBackStore(Target, contents => JournalContents.Of(contents.Binding, [.. contents.Events.SkipLast(1)])));

        copy.Should().Throw<JournalException>().Which.Message.Should().Contain("reads back with 2 event(s), not 3").And.Contain("not marked");
        Source.Read()!.Events.Should().Equal(Events);
    }

    [Fact]
    public void A_copy_that_reads_back_to_another_state_is_refused_and_the_source_is_not_marked()
    {
        WriteSource();
        JournalEvent failed = new JournalEvent.Finished("m-1", StepCall.Deploy, "ds-1", DockJobStatus.Failed, "deployed");

        var copy = () => Copy(new ReadBackStore(Target, contents => JournalContents.Of(contents.Binding, [.. contents.Events.SkipLast(1), failed])));

        copy.Should().Throw<JournalException>().Which.Message.Should().Contain("replay to another state");
        Source.Read()!.Events.Should().Equal(Events);
    }

    [Fact]
    public void A_target_of_another_environment_is_refused_and_nothing_is_written()
    {
        WriteSource();
        using (new FileJournalStore(_dir.File("target.jsonl"), "staging", Host, TimeProvider.System).Open(init: true))
        {
        }

        var before = File.ReadAllBytes(_dir.File("target.jsonl"));

        var copy = () => Copy(Target);

        copy.Should().Throw<JournalException>().Which.Message.Should().Contain("belongs to environment 'staging'");
        File.ReadAllBytes(_dir.File("target.jsonl")).Should().Equal(before);
        Source.Read()!.Events.Should().Equal(Events);
    }

    [Fact]
    public void A_moved_journal_is_refused_by_apply_and_rebind_naming_where_it_went_and_opened_to_copy()
    {
        WriteSource();
        Copy(Target).Should().Be(new JournalCopyResult(3, 0, 3, false));

        var apply = () => DeploymentJournal.Open(Source, init: false);
        var rebind = () => DeploymentJournal.OpenToRebind(Source);

        apply.Should().Throw<JournalException>().Which.Message.Should().Contain($"moved to {_dir.File("target.jsonl")}");
        rebind.Should().Throw<JournalException>().Which.Message.Should().Contain($"--journal {_dir.File("target.jsonl")}");
        using (DeploymentJournal.OpenToCopy(Source))
        {
            // The refusals released the lock: the journal can still be opened to complete its copy.
        }
    }

    [Fact]
    public void A_moved_to_line_reads_back_as_the_move_and_one_naming_no_store_is_damage()
    {
        WriteSource();
        File.AppendAllText(_dir.File("source.jsonl"), """{"at":"2026-12-07T08:00:00+00:00","event":"moved-to","to":"postgres://deploy@db.example.test:5432/kore?sslmode=verify-full"}""" + "\n");

        var read = Source.Read()!;

        read.Events[^1].Should().Be(new JournalEvent.Moved("postgres://deploy@db.example.test:5432/kore?sslmode=verify-full"));
        read.State.SameAs(JournalState.From(Events)).Should().BeTrue("a move changes no model");
        JournalMove.Of(read).Should().Be(new JournalMove("postgres://deploy@db.example.test:5432/kore?sslmode=verify-full", new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero)));

        File.AppendAllText(_dir.File("source.jsonl"), """{"at":"2026-12-07T08:00:00+00:00","event":"moved-to"}""" + "\n");
        var damaged = () => Source.Read();
        damaged.Should().Throw<JournalException>().Which.Message.Should().Contain("must name the store");
    }

    [Fact]
    public void Events_are_the_same_when_they_differ_only_in_how_a_request_was_spaced()
    {
        var compact = new JournalEvent.Intent("m-1", StepCall.Deploy, StepReason.Deploy, "openSource", "fp-1", false, """{"name":"m-1","topK":5}""");
        var spaced = compact with { Request = """{ "name": "m-1", "topK": 5 }""" };
        var other = compact with { Request = """{"name":"m-1","topK":6}""" };

        JournalEntries.Canonical(spaced).Should().Be(JournalEntries.Canonical(compact));
        JournalEntries.Canonical(other).Should().NotBe(JournalEntries.Canonical(compact));
        JournalEntries.AsStored(spaced).Should().Be(compact);
    }

    private void WriteSource()
    {
        using var session = Source.Open(init: true);
        foreach (var journalEvent in Events)
        {
            session.Append(journalEvent);
        }
    }

    private JournalCopyResult Copy(IJournalStore target)
    {
        using var source = DeploymentJournal.OpenToCopy(Source);
        return JournalCopying.Copy(source, target);
    }

    /// <summary>A store whose writes land as usual and whose reads come back changed, as a store that loses or alters rows would.</summary>
    private sealed class ReadBackStore(IJournalStore inner, Func<JournalContents, JournalContents> change) : IJournalStore
    {
        public string Location => inner.Location;

        public JournalContents? Read() => inner.Read() is { } contents ? change(contents) : null;

        public IJournalSession Open(bool init, bool rebinding = false) => inner.Open(init, rebinding);
    }
}
