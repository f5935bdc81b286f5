using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Journal.AzureBlob;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Models;
using KoreModelDeploy.Testing;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Cli.Tests.Journal;

/// <summary>
/// The Azure Blob store passes the journal store contract against Azurite, and keeps its own promises: the lease
/// names its holder, lapses on its own, fences a holder that lost it, and every append names its position.
/// </summary>
public sealed class AzureBlobJournalStoreTests(AzuriteFixture azurite) : JournalStoreContract, IClassFixture<AzuriteFixture>
{
    private static readonly JournalEvent Intent = new JournalEvent.Intent("m-1", StepCall.Deploy, StepReason.Deploy, "openSource", "fp-1", false);

    /// <summary>Azure's shortest finite lease: what the lapse tests wait out.</summary>
    private static readonly AzureBlobJournalSettings ShortLease = new() { LeaseDuration = TimeSpan.FromSeconds(15) };

    private static readonly TimeSpan LapseLimit = TimeSpan.FromSeconds(90);

    /// <summary>This test's own container, which the first apply with --init creates.</summary>
    private readonly string _container = "c" + Guid.NewGuid().ToString("N")[..16];

    private readonly string _name = "prod";

    private protected override IJournalStore Store(string environment = Environment, Uri? host = null) =>
        azurite.Store(_container, _name, environment, host ?? Host);

    private AzureBlobJournalStore StoreWith(AzureBlobJournalSettings? settings = null, TimeProvider? time = null, JournalHolder? holder = null, LockWait? wait = null) =>
        azurite.Store(_container, _name, Environment, Host, holder, wait, settings, time);

    private BlobContainerClient Container => new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_container);

    private AppendBlobClient Segment(int number) => Container.GetAppendBlobClient($"journals/{_name}/{number:D5}.jsonl");

    private static JournalEvent Started(int n) => new JournalEvent.Started($"m-{n}", StepCall.Deploy, $"ds-{n}");

    [Fact]
    public void The_journal_is_one_append_blob_holding_the_lines_a_journal_file_holds_header_first()
    {
        using (var session = Store().Open(init: true))
        {
            session.Append(Intent);
        }

        var properties = Segment(1).GetProperties().Value;
        var text = Segment(1).DownloadContent().Value.Content.ToString();

        properties.BlobType.Should().Be(BlobType.Append);
        properties.BlobCommittedBlockCount.Should().Be(2, "the header and the event, one append each");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);
        lines[0].Should().Contain("\"event\":\"journal\"").And.Contain("\"environment\":\"prod\"");
        lines[1].Should().Contain("\"event\":\"intent\"").And.Contain("\"fingerprint\":\"fp-1\"");
        JournalContents.Parse(System.Text.Encoding.UTF8.GetBytes(text), "copy").Events.Should().Equal(Intent);
        properties.Metadata.Should().BeEmpty("the holder's name is cleared when it lets go");
    }

    [Fact]
    public void A_refused_run_names_the_holder_its_machine_process_ci_run_since_when_and_the_store_and_the_lease_is_finite()
    {
        const string run = "https://github.com/acme/models/actions/runs/77";
        using var holder = StoreWith(holder: AzuriteFixture.Holder("alice", run)).Open(init: true);

        var refused = () => StoreWith(holder: AzuriteFixture.Holder("bob")).Open(init: false);

        var error = refused.Should().Throw<JournalException>().Which;
        error.LockHeld.Should().BeTrue();
        error.Message.Should().Contain("user alice on machine-of-alice, process 4242").And.Contain($"CI run {run}").And.Contain("since 20").And.Contain("store azblob://test")
            .And.Contain("lapses within 1m").And.NotContain("bob");
        var properties = Segment(1).GetProperties().Value;
        (properties.LeaseState, properties.LeaseDuration).Should().Be((LeaseState.Leased, LeaseDurationType.Fixed), "never an infinite lease");
    }

    [Fact]
    public async Task A_lease_that_lapses_is_taken_by_the_next_run_with_no_unlock_step_and_the_stale_holder_writes_nothing_more_and_is_told_it_lost_it()
    {
        // The stale holder's clock never moves, so it never renews: its lease lapses as a stopped process's would.
        var frozen = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var stale = StoreWith(ShortLease, frozen, AzuriteFixture.Holder("alice")).Open(init: true);
        stale.Append(Intent);
        var lost = 0;
        using var registration = stale.Lost.Register(() => Interlocked.Increment(ref lost));

        StoreWith(ShortLease).Invoking(s => s.Open(init: false)).Should().Throw<JournalException>().Which.LockHeld.Should().BeTrue("the lease has not lapsed yet");
        IJournalSession? next = null;
        await Eventually.WaitUntilAsync(() => (next = TryOpen(StoreWith(ShortLease))) is not null, "the lease to lapse and the next run to take it", LapseLimit);
        using (next)
        {
            next!.Contents.Events.Should().Equal(Intent);
            next.Append(Started(1));

            stale.Invoking(s => s.Append(Started(2))).Should().Throw<JournalException>().Which.Message.Should().Contain("writes nothing more");
            stale.Invoking(s => s.Append(Started(3))).Should().Throw<JournalException>("nothing is written after a failed append");

            frozen.Advance(ShortLease.RenewEvery);
            await Eventually.WaitUntilAsync(() => Volatile.Read(ref lost) == 1, "the stale holder's renewal to fail and cancel Lost");
            stale.Lost.IsCancellationRequested.Should().BeTrue();
            stale.Dispose();

            Store().Read()!.Events.Should().Equal(Intent, Started(1));
            next.Append(Started(4));
        }

        Store().Read()!.Events.Should().Equal(Intent, Started(1), Started(4));
    }

    [Fact]
    public async Task A_holder_renews_its_lease_in_the_background_so_it_holds_the_journal_well_past_the_leases_duration()
    {
        var opened = DateTime.UtcNow;
        using var holder = StoreWith(ShortLease, holder: AzuriteFixture.Holder("alice")).Open(init: true);

        await Eventually.WaitUntilAsync(
            () => Segment(1).GetProperties().Value.LeaseState != LeaseState.Leased || DateTime.UtcNow - opened > ShortLease.LeaseDuration * 2,
            "twice the lease's duration to pass, or the lease to lapse",
            LapseLimit);

        Segment(1).GetProperties().Value.LeaseState.Should().Be(LeaseState.Leased, "the holder renewed it every 5 s");
        StoreWith(ShortLease).Invoking(s => s.Open(init: false)).Should().Throw<JournalException>().Which.Message.Should().Contain("user alice");
        holder.Lost.IsCancellationRequested.Should().BeFalse();
        holder.Append(Intent);
    }

    [Fact]
    public void A_write_at_a_stale_position_is_refused_even_under_the_right_lease_and_nothing_more_is_written()
    {
        var session = (AzureBlobJournalSession)StoreWith().Open(init: true);
        session.Append(Intent);

        // Another writer with the same lease id, as a second copy of this run would be, appends first.
        var foreign = System.Text.Encoding.UTF8.GetBytes("{\"at\":\"2026-01-01T00:00:00+00:00\",\"event\":\"later-kind\"}\n");
        Segment(1).AppendBlock(new MemoryStream(foreign), new AppendBlobAppendBlockOptions { Conditions = new AppendBlobRequestConditions { LeaseId = session.CurrentLeaseId } });

        session.Invoking(s => s.Append(Started(1))).Should().Throw<JournalException>().Which.Message.Should().Contain("AppendPositionConditionNotMet");
        session.Invoking(s => s.Append(Started(2))).Should().Throw<JournalException>().Which.Message.Should().Contain("earlier in this run");
        session.Dispose();

        Segment(1).GetProperties().Value.BlobCommittedBlockCount.Should().Be(3, "the header, the intent and the other writer's line; none of this run's after it");
        Store().Read()!.Events.Should().Equal(Intent);
    }

    [Fact]
    public void An_append_whose_answer_was_lost_and_that_the_sdk_retried_counts_once_when_it_had_landed()
    {
        var loser = new LoseFirstAppendAnswer();
        using (var session = StoreWith(new AzureBlobJournalSettings { Policy = loser }).Open(init: true))
        {
            loser.Armed = true;
            session.Append(Intent);
            session.Append(Started(1));
        }

        loser.Lost.Should().Be(1, "the first append's answer was lost once, and the SDK sent it again");
        Store().Read()!.Events.Should().Equal(Intent, Started(1));
        Segment(1).GetProperties().Value.BlobCommittedBlockCount.Should().Be(3);
    }

    [Fact]
    public void Segments_roll_over_at_their_limit_and_are_read_back_in_order_by_a_plan_and_the_next_apply_again_and_again()
    {
        var small = new AzureBlobJournalSettings { SegmentBlockLimit = 3 };
        var events = Enumerable.Range(1, 10).Select(Started).ToArray();
        using (var session = StoreWith(small).Open(init: true))
        {
            foreach (var journalEvent in events[..7])
            {
                session.Append(journalEvent);
            }
        }

        using (var session = StoreWith(small).Open(init: false))
        {
            session.Contents.Events.Should().Equal(events[..7]);
            foreach (var journalEvent in events[7..])
            {
                session.Append(journalEvent);
            }
        }

        Store().Read()!.Events.Should().Equal(events);
        Enumerable.Range(1, 4).Select(n => Segment(n).GetProperties().Value.BlobCommittedBlockCount).Should().Equal(3, 3, 3, 2);
        Segment(5).Exists().Value.Should().BeFalse();
        Enumerable.Range(1, 4).Select(n => Segment(n).GetProperties().Value.LeaseState).Should().AllSatisfy(state => state.Should().NotBe(LeaseState.Leased));
    }

    [Fact]
    public async Task After_a_rollover_a_new_holder_breaks_and_takes_the_last_segments_lease_so_the_stale_holder_cannot_write_there()
    {
        var frozen = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var small = ShortLease with { SegmentBlockLimit = 3 };
        var stale = (AzureBlobJournalSession)StoreWith(small, frozen).Open(init: true);
        stale.Append(Started(1));
        stale.Append(Started(2));
        stale.Append(Started(3));
        Segment(2).GetProperties().Value.LeaseState.Should().Be(LeaseState.Leased, "the holder took the new segment's lease");
        await Eventually.WaitUntilAsync(() => Segment(1).GetProperties().Value.LeaseState != LeaseState.Leased, "the first segment's lease to lapse", LapseLimit);

        // The stale holder still holds the segment it writes to, as one whose renewal of the first lease stopped would.
        Segment(2).GetBlobLeaseClient(stale.CurrentLeaseId).Acquire(TimeSpan.FromSeconds(60));

        using (var next = StoreWith(small).Open(init: false))
        {
            Segment(2).GetProperties().Value.LeaseState.Should().Be(LeaseState.Leased);
            stale.Invoking(s => s.Append(Started(4))).Should().Throw<JournalException>().Which.Message.Should().Contain("LeaseIdMismatch");
            next.Append(Started(5));
        }

        stale.Dispose();
        Store().Read()!.Events.Should().Equal(Started(1), Started(2), Started(3), Started(5));
    }

    [Fact]
    public async Task With_a_lock_timeout_a_run_waits_naming_the_holder_every_30_seconds_and_goes_on_once_the_holder_lets_go()
    {
        var holder = StoreWith(holder: AzuriteFixture.Holder("alice")).Open(init: true);
        holder.Append(Intent);
        var time = new CountingTime();
        var lines = new ConcurrentQueue<string>();

        var waiting = OwnThread.Run(() => StoreWith(time: time, wait: new LockWait(TimeSpan.FromMinutes(5), lines.Enqueue)).Open(init: false));
        await Eventually.WaitUntilAsync(() => lines.Count == 1, "the waiting run's first line");
        await AdvanceUntilAsync(time, () => lines.Count == 2 || waiting.IsCompleted, "the second line, 30 s later");
        waiting.IsCompleted.Should().BeFalse();
        holder.Dispose();
        await AdvanceUntilAsync(time, () => waiting.IsCompleted, "the waiting run to take the lease");

        using var session = await Eventually.Within(waiting);
        session.Contents.Events.Should().Equal(Intent);
        lines.Should().HaveCount(2).And.AllSatisfy(line => line.Should().Contain("held by user alice on machine-of-alice"));
        lines.First().Should().Contain("giving up in 5m");
        lines.Last().Should().Contain("giving up in 270s");
    }

    [Fact]
    public async Task With_a_lock_timeout_that_runs_out_the_run_is_refused_naming_the_holder()
    {
        using var holder = StoreWith(holder: AzuriteFixture.Holder("alice")).Open(init: true);
        var time = new CountingTime();
        var lines = new ConcurrentQueue<string>();

        var waiting = OwnThread.Run(() => StoreWith(time: time, wait: new LockWait(TimeSpan.FromMinutes(1), lines.Enqueue)).Open(init: false));
        await Eventually.WaitUntilAsync(() => !lines.IsEmpty, "the waiting run's first line");
        await AdvanceUntilAsync(time, () => waiting.IsCompleted, "the wait to run out");

        var refused = async () => await waiting;
        (await refused.Should().ThrowAsync<JournalException>()).Which.Message.Should().Contain("user alice").And.Contain("--lock-timeout 1m");
        lines.Should().HaveCount(2, "a line at once and one 30 s later");
    }

    [Fact]
    public void No_failure_repeats_the_account_key_or_a_sas_token()
    {
        const string signature = "FakeSignature0123456789abcdef%3D";
        var sas = $"BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;SharedAccessSignature=sv=2024-11-04&ss=b&srt=sco&sp=rwdlac&se=2030-01-01T00:00:00Z&sig={signature}";
        var unreachableKey = azurite.ConnectionString.Replace($":{azurite.Port}/", ":1/", StringComparison.Ordinal);
        var messages = new List<string>();
        foreach (var connection in new[] { sas, unreachableKey, "AccountName=devstoreaccount1;AccountKey=" + AzuriteFixture.AccountKey + ";nonsense" })
        {
            var location = AzureBlobJournalLocation.Parse($"azblob://{_container}/journals", name => name == AzureBlobJournalLocation.ConnectionVariable ? connection : null);
            var store = new AzureBlobJournalStore(location, _name, Environment, Host, TimeProvider.System, AzuriteFixture.Holder("alice"));
            messages.Add(Failure(() => store.Read()));
            messages.Add(Failure(() => store.Open(init: true)));
            location.ToString().Should().NotContain(signature).And.NotContain(AzuriteFixture.AccountKey);
        }

        using (var holder = StoreWith().Open(init: true))
        {
            messages.Add(Failure(() => StoreWith().Open(init: false)));
        }

        messages.Should().HaveCount(7).And.AllSatisfy(message => message.Should().NotContain(signature).And.NotContain(AzuriteFixture.AccountKey).And.NotContain("sig="));
        messages[0].Should().Contain($"azblob://{_container}/journals").And.Contain("could not be reached");
    }

    [Fact]
    public void A_journal_of_another_host_is_refused_with_a_rebind_command_naming_the_journal_as_journal_takes_it()
    {
        using (Store().Open(init: true))
        {
        }

        var refused = () => Store(host: new Uri("https://elsewhere.example.test/")).Read();

        refused.Should().Throw<JournalException>().Which.Message.Should().Contain($"--journal azblob://{_container}/journals").And.NotContain("(environment");
    }

    [Fact]
    public void A_plan_reads_without_taking_the_lease()
    {
        using (var session = Store().Open(init: true))
        {
            session.Append(Intent);
        }

        Store().Read()!.Events.Should().Equal(Intent);

        Segment(1).GetProperties().Value.LeaseState.Should().Be(LeaseState.Available);
    }

    private static string Failure(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is JournalException or KoreModelDeploy.Cli.Configuration.CliConfigurationException)
        {
            return ex.Message + " " + ex.InnerException?.Message;
        }

        throw new InvalidOperationException("it did not fail");
    }

    private static IJournalSession? TryOpen(AzureBlobJournalStore store)
    {
        try
        {
            return store.Open(init: false);
        }
        catch (JournalException ex) when (ex.LockHeld)
        {
            return null;
        }
    }

    /// <summary>
    /// Moves the fake clock a second at a time until <paramref name="condition"/> holds. The waiting run's calls to the
    /// service take real time, so each step waits until the run is done or waits on the clock again (a new timer).
    /// </summary>
    private static async Task AdvanceUntilAsync(CountingTime time, Func<bool> condition, string what)
    {
        for (var step = 0; step < 600 && !condition(); step++)
        {
            var timers = time.Timers;
            time.Advance(TimeSpan.FromSeconds(1));
            await Eventually.WaitUntilAsync(() => condition() || time.Timers > timers, what);
        }

        condition().Should().BeTrue(what);
    }

    /// <summary>A fake clock that counts the timers made on it: a run waiting on it makes one per step.</summary>
    private sealed class CountingTime() : FakeTimeProvider(DateTimeOffset.UtcNow)
    {
        private int _timers;

        public int Timers => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    /// <summary>Loses the answer to the first append once it is armed, after the service acted on it, as a cut connection would; the SDK then sends it again.</summary>
    private sealed class LoseFirstAppendAnswer : HttpPipelinePolicy
    {
        private int _lost;

        public volatile bool Armed;

        public int Lost => Volatile.Read(ref _lost);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            Lose(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            Lose(message);
        }

        private void Lose(HttpMessage message)
        {
            if (Armed && message.Request.Uri.Query.Contains("comp=appendblock", StringComparison.Ordinal) && message.Response.Status == 201 && Interlocked.CompareExchange(ref _lost, 1, 0) == 0)
            {
                throw new IOException("the answer was lost on the way back");
            }
        }
    }
}
