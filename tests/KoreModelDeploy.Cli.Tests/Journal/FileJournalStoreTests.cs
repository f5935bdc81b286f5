using System.Collections.Concurrent;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Testing;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Cli.Tests.Journal;

/// <summary>The file store passes the journal store contract, and waits for the lock when asked to.</summary>
public sealed class FileJournalStoreTests : JournalStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string JournalPath => _dir.File("kore.prod.journal.jsonl");

    private protected override IJournalStore Store(string environment = Environment, Uri? host = null) =>
        new FileJournalStore(JournalPath, environment, host ?? Host, TimeProvider.System);

    [Fact]
    public async Task With_a_lock_timeout_an_apply_waits_for_the_holder_saying_so_and_goes_on_when_it_ends()
    {
        var holder = Store().Open(init: true);
        var lines = new ConcurrentQueue<string>();
        var waiting = OwnThread.Run(() => new FileJournalStore(JournalPath, Environment, Host, TimeProvider.System, wait: new LockWait(TimeSpan.FromMinutes(5), lines.Enqueue)).Open(init: false));

        await Eventually.WaitUntilAsync(() => !lines.IsEmpty, "the waiting apply's first line");
        waiting.IsCompleted.Should().BeFalse();
        holder.Dispose();

        using var session = await Eventually.Within(waiting);
        session.Created.Should().BeFalse();
        lines.Should().ContainSingle().Which.Should().Contain($"held by user {System.Environment.UserName} on {System.Environment.MachineName}, process {System.Environment.ProcessId}").And.Contain("giving up in 5m");
    }

    [Fact]
    public async Task With_a_lock_timeout_that_runs_out_the_apply_is_refused_after_a_line_every_30_seconds_each_naming_the_holder()
    {
        var run = new Dictionary<string, string> { ["GITHUB_SERVER_URL"] = "https://github.com", ["GITHUB_REPOSITORY"] = "acme/models", ["GITHUB_RUN_ID"] = "4711" };
        using var holder = new FileJournalStore(JournalPath, Environment, Host, TimeProvider.System, holder: JournalHolder.Current(JournalPath, run.GetValueOrDefault, TimeProvider.System)).Open(init: true);
        var named = $"held by user {System.Environment.UserName} on {System.Environment.MachineName}, process {System.Environment.ProcessId}, CI run https://github.com/acme/models/actions/runs/4711, since ";
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var lines = new ConcurrentQueue<string>();
        var waiting = OwnThread.Run(() => new FileJournalStore(JournalPath, Environment, Host, clock, wait: new LockWait(TimeSpan.FromSeconds(75), lines.Enqueue)).Open(init: false));

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!waiting.IsCompleted && !limit.IsCancellationRequested)
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(1);
        }

        var refused = async () => await Eventually.Within(waiting);
        (await refused.Should().ThrowAsync<JournalException>()).Which.Message.Should().Contain($"Another apply holds journal {JournalPath}: it is {named}")
            .And.Contain("It still held it after --lock-timeout 75s.");
        lines.Should().HaveCount(3, "a line at once, after 30 s and after 60 s").And.AllSatisfy(line => line.Should().Contain(named).And.Contain($"store {JournalPath}"));
    }
}
