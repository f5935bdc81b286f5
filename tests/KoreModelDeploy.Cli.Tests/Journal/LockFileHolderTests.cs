using System.Diagnostics;
using System.Text;
using System.Text.Json;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Journal;

/// <summary>
/// A file journal's holder names itself in <c>&lt;journal&gt;.lock</c>, and a refused apply names it as the shared
/// stores do; what the lock file holds is outside text, and a record that is damaged, too big or left by a process
/// that is gone names nobody.
/// </summary>
public sealed class LockFileHolderTests : IDisposable
{
    private const string Environment = "prod";
    private const string RunUrl = "https://github.com/acme/models/actions/runs/4711";
    private static readonly Uri Host = new("https://prod.example.test/");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string JournalPath => _dir.File("kore.prod.journal.jsonl");

    private string LockPath => JournalPaths.Lock(JournalPath);

    private static readonly Dictionary<string, string> GitHubRun = new()
    {
        ["GITHUB_SERVER_URL"] = "https://github.com",
        ["GITHUB_REPOSITORY"] = "acme/models",
        ["GITHUB_RUN_ID"] = "4711",
    };

    private FileJournalStore Store(Dictionary<string, string>? variables = null) =>
        new(JournalPath, Environment, Host, TimeProvider.System, holder: JournalHolder.Current(JournalPath, name => (variables ?? []).GetValueOrDefault(name), TimeProvider.System));

    private void CreateJournal()
    {
        using (Store().Open(init: true))
        {
        }
    }

    [Fact]
    public void A_refused_apply_names_the_holder_by_user_machine_process_CI_run_since_and_store_and_no_journal_byte_changes()
    {
        CreateJournal();
        var journalBefore = File.ReadAllBytes(JournalPath);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        using (Store(GitHubRun).Open(init: false))
        {
            var refused = () => Store().Open(init: false);

            var message = refused.Should().Throw<JournalException>().Which.Message;
            message.Should().StartWith($"Another apply holds journal {JournalPath}: it is held by user {System.Environment.UserName} on {System.Environment.MachineName}, process {System.Environment.ProcessId}, CI run {RunUrl}, since ")
                .And.Contain($", store {JournalPath}. Wait for it to end, or pass --lock-timeout")
                .And.Contain("--journal postgres://");
            var recorded = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(LockPath));
            recorded.GetProperty("processId").GetInt32().Should().Be(System.Environment.ProcessId);
            recorded.GetProperty("since").GetDateTimeOffset().Should().BeOnOrAfter(before);
            File.ReadAllBytes(JournalPath).Should().Equal(journalBefore, "the holder names itself in the lock file, never in the journal");
        }

        new FileInfo(LockPath).Length.Should().Be(0, "a run that ends empties the lock file again");
        File.ReadAllBytes(JournalPath).Should().Equal(journalBefore);
    }

    [Fact]
    public void A_holder_outside_CI_is_named_without_a_run()
    {
        CreateJournal();
        using var holder = Store().Open(init: false);

        var refused = () => Store().Open(init: false);

        refused.Should().Throw<JournalException>().Which.Message.Should().Contain($"it is held by user {System.Environment.UserName} on {System.Environment.MachineName}, process {System.Environment.ProcessId}, since ")
            .And.NotContain("CI run");
    }

    [Fact]
    public void An_apply_that_is_refused_after_naming_itself_empties_the_lock_file_again()
    {
        CreateJournal();

        var otherHost = () => new FileJournalStore(JournalPath, Environment, new Uri("https://other.example.test/"), TimeProvider.System).Open(init: false);

        otherHost.Should().Throw<JournalException>().Which.LockHeld.Should().BeFalse();
        new FileInfo(LockPath).Length.Should().Be(0);
    }

    public static TheoryData<string> LeftBehind => new() { "ended", "reused" };

    [Theory]
    [MemberData(nameof(LeftBehind))]
    public async Task A_record_left_by_a_process_that_is_gone_names_nobody(string how)
    {
        CreateJournal();
        JournalHolder left;
        if (how == "ended")
        {
            using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
            await ended.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            left = new JournalHolder("deploy", System.Environment.MachineName, ended.Id, RunUrl, DateTimeOffset.UtcNow, JournalPath);
        }
        else
        {
            // This process's id, in a record written long before this process started: the holder crashed and its id went to another process.
            left = new JournalHolder("deploy", System.Environment.MachineName, System.Environment.ProcessId, RunUrl, new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero), JournalPath);
        }

        File.WriteAllBytes(LockPath, JsonSerializer.SerializeToUtf8Bytes(left, JournalHolderJsonContext.Default.JournalHolder));
        using var holder = HoldWithoutNaming();

        var refused = () => Store().Open(init: false);

        refused.Should().Throw<JournalException>().Which.Message.Should().Contain("it is held by another apply on this machine (it has not named itself)")
            .And.NotContain(RunUrl);
    }

    public static TheoryData<string, bool> Contents => new()
    {
        { "alive", true },
        { "alive, padded past 4 KiB", false },
        { "alive, 1 MiB", false },
        { "not JSON", false },
        { "invalid UTF-8", false },
        { "null", false },
        { "an array", false },
        { "no user", false },
        { "a null machine", false },
        { "a process id that is not a number", false },
        { "empty", false },
    };

    [Theory]
    [MemberData(nameof(Contents))]
    public void What_the_lock_file_holds_is_outside_text_a_damaged_or_oversized_record_names_nobody_and_crashes_nothing(string content, bool named)
    {
        CreateJournal();
        var alive = JsonSerializer.Serialize(
            new JournalHolder("deploy", System.Environment.MachineName, System.Environment.ProcessId, RunUrl, DateTimeOffset.UtcNow, JournalPath),
            JournalHolderJsonContext.Default.JournalHolder);
        var bytes = content switch
        {
            "alive" => Encoding.UTF8.GetBytes(alive),
            "alive, padded past 4 KiB" => Encoding.UTF8.GetBytes(alive + new string(' ', LockFileHolder.MaxBytes)),
            "alive, 1 MiB" => Encoding.UTF8.GetBytes(alive.Replace("\"deploy\"", "\"" + new string('u', 1024 * 1024) + "\"", StringComparison.Ordinal)),
            "not JSON" => "user deploy, process 1"u8.ToArray(),
            "invalid UTF-8" => [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0xC3],
            "null" => "null"u8.ToArray(),
            "an array" => "[1,2]"u8.ToArray(),
            "no user" => Encoding.UTF8.GetBytes(alive.Replace("\"user\":", "\"someone\":", StringComparison.Ordinal)),
            "a null machine" => Encoding.UTF8.GetBytes(alive.Replace($"\"machine\":{JsonSerializer.Serialize(System.Environment.MachineName)}", "\"machine\":null", StringComparison.Ordinal)),
            "a process id that is not a number" => Encoding.UTF8.GetBytes(alive.Replace($"\"processId\":{System.Environment.ProcessId}", "\"processId\":\"many\"", StringComparison.Ordinal)),
            _ => [],
        };
        File.WriteAllBytes(LockPath, bytes);
        using var holder = HoldWithoutNaming();

        var refused = () => Store().Open(init: false);

        var message = refused.Should().Throw<JournalException>().Which.Message;
        if (named)
        {
            message.Should().Contain($"it is held by user deploy on {System.Environment.MachineName}, process {System.Environment.ProcessId}, CI run {RunUrl}");
        }
        else
        {
            message.Should().Contain("it is held by another apply on this machine (it has not named itself)").And.NotContain("user deploy");
        }
    }

    [Fact]
    public void A_symbolic_link_at_the_lock_path_gets_no_write_and_names_nobody()
    {
        CreateJournal();
        var usersFile = _dir.File("notes.txt");
        File.WriteAllText(usersFile, "a user's own file\n");
        File.Delete(LockPath);
        File.CreateSymbolicLink(LockPath, usersFile);

        using (Store(GitHubRun).Open(init: false))
        {
            File.ReadAllText(usersFile).Should().Be("a user's own file\n");
            var refused = () => Store().Open(init: false);
            refused.Should().Throw<JournalException>().Which.Message.Should().Contain("it has not named itself");
        }

        File.ReadAllText(usersFile).Should().Be("a user's own file\n", "nothing is written through a link, nor emptied at the end");
    }

    /// <summary>Takes the lock file's lock as a release that does not name itself does, over whatever the file holds.</summary>
    private FileStream HoldWithoutNaming()
    {
        var stream = new FileStream(LockPath, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite });
        NativeFiles.TryLockExclusive(stream.SafeFileHandle, out _).Should().Be(NativeFiles.LockResult.Taken);
        return stream;
    }
}
