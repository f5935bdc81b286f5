using System.Text;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>
/// The built tool as child processes against a scripted service on loopback: a second apply through another name of
/// the journal while the first waits, and a journal that cannot grow after a deploy call answered. What must hold is
/// counted on the service's side.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class JournalProcessTests : IDisposable
{
    private static readonly string[] FastPolling = ["--poll-delay", "50ms", "--poll-max-delay", "200ms"];
    private static readonly TimeSpan StartLimit = ToolProcess.StartLimit;
    private readonly TempDirectory _dir = new();

    private string ManifestPath => _dir.File("kore.json");

    private string JournalPath => _dir.File("kore.test.journal.jsonl");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("symbolic")]
    [InlineData("hard")]
    public async Task A_second_apply_through_another_name_of_the_journal_is_refused_while_the_first_waits_even_with_dotnet_file_locking_off(string link)
    {
        await using var service = await ScriptedService.StartAsync(released: false);
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, 1));
        var environment = new Dictionary<string, string>(ScriptedService.ToolEnvironment) { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1" };

        using var first = ToolProcess.Start(_dir.Path, environment, ["apply", "-f", ManifestPath, "--env", "test", "--init", .. FastPolling]);
        await Eventually.WaitUntilAsync(() => JournalLines.Count(JournalPath, "started") == 1 || first.HasExited, "the first apply to record its job", StartLimit);
        await Eventually.WaitUntilAsync(() => service.StatusGets > 0 || first.HasExited, "the first apply to be waiting", StartLimit);
        first.HasExited.Should().BeFalse(first.Snapshot().ToString());

        var other = _dir.File("other-name.jsonl");
        if (link == "symbolic")
        {
            File.CreateSymbolicLink(other, JournalPath);
        }
        else
        {
            await ChildProcess.HardLinkAsync(JournalPath, other);
            File.ReadAllText(other, Encoding.UTF8).Should().NotBeEmpty();
        }

        var second = await ToolProcess.RunAsync(_dir.Path, environment, ["apply", "-f", ManifestPath, "--env", "test", "--journal", other, .. FastPolling]);

        second.ExitCode.Should().Be(ExitCodes.Configuration, second.ToString());
        second.Error.Should().Contain("Another apply holds journal").And.Contain("through another name of the journal");
        first.HasExited.Should().BeFalse("the refusal came while the first apply was still waiting");
        service.DeployPosts.Should().Be(1, "the refused apply sent nothing");

        service.Release();
        var done = await first.WaitAsync();
        done.ExitCode.Should().Be(0, done.ToString());
        service.DeployPosts.Should().Be(1);
        JournalLines.Read(JournalPath).Should().HaveCount(4, "header, intent, started, finished: no bytes of a second writer");
    }

    [Fact]
    public async Task A_second_apply_names_the_holder_process_its_CI_run_and_since_when_also_every_line_of_a_lock_timeout_and_the_journal_is_untouched()
    {
        await using var service = await ScriptedService.StartAsync(released: false);
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, 1));
        var inCi = new Dictionary<string, string>(ScriptedService.ToolEnvironment)
        {
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_REPOSITORY"] = "acme/models",
            ["GITHUB_RUN_ID"] = "4711",
        };

        using var first = ToolProcess.Start(_dir.Path, inCi, ["apply", "-f", ManifestPath, "--env", "test", "--init", .. FastPolling]);
        await Eventually.WaitUntilAsync(() => service.StatusGets > 0 || first.HasExited, "the first apply to be waiting", StartLimit);
        first.HasExited.Should().BeFalse(first.Snapshot().ToString());
        var journalBefore = await File.ReadAllBytesAsync(JournalPath);
        var named = $"it is held by user {Environment.UserName} on {Environment.MachineName}, process {first.Id}, CI run https://github.com/acme/models/actions/runs/4711, since ";

        var refused = await ToolProcess.RunAsync(_dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", ManifestPath, "--env", "test", .. FastPolling]);
        var waited = await ToolProcess.RunAsync(_dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", ManifestPath, "--env", "test", "--lock-timeout", "1s", .. FastPolling]);

        refused.ExitCode.Should().Be(ExitCodes.Configuration, refused.ToString());
        refused.Error.Should().Contain($"Another apply holds journal {JournalPath}: {named}").And.MatchRegex(@"since \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, store ")
            .And.Contain($"store {JournalPath}. Wait for it to end, or pass --lock-timeout").And.Contain("--journal postgres://");
        waited.ExitCode.Should().Be(ExitCodes.Configuration, waited.ToString());
        waited.Error.Should().Contain($"waiting for journal {JournalPath}, held by user {Environment.UserName} on {Environment.MachineName}, process {first.Id}, CI run")
            .And.Contain(named).And.Contain("It still held it after --lock-timeout 1s.");
        (await File.ReadAllBytesAsync(JournalPath)).Should().Equal(journalBefore, "naming the holder writes no journal byte");
        service.DeployPosts.Should().Be(1, "the refused applies sent nothing");

        service.Release();
        var done = await first.WaitAsync();
        done.ExitCode.Should().Be(0, done.ToString());
        new FileInfo(JournalPaths.Lock(JournalPath)).Length.Should().Be(0, "the holder empties the lock file when it ends");
    }

    [Fact]
    public async Task A_journal_that_cannot_grow_after_the_deploy_answered_prints_the_job_id_exits_9_and_the_rerun_sends_nothing()
    {
        // The id fills the started line, so the journal's size limit lets the intent through and stops the id.
        var id = "ds-" + new string('7', 250);
        await using var service = await ScriptedService.StartAsync(released: false);
        service.NextId = _ => id;
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, 1));
        var header = $$"""{"at":"2026-12-01T00:00:00+00:00","event":"journal","environment":"test","host":"{{service.Host.ToString().TrimEnd('/')}}"}""" + "\n";
        // 600 bytes left: room for the intent (about 450, with its request's settings), not for it and the started line.
        var padding = new string(' ', 1448 - header.Length - 1) + "\n";
        await File.WriteAllTextAsync(JournalPath, header + padding);

        // A 2 KiB file size limit with SIGXFSZ ignored: a write past it fails with EFBIG, as on a full disk.
        // The runtime's W^X double mapping sizes a memory file, which the limit would refuse: it is switched off.
        var environment = new Dictionary<string, string>(ScriptedService.ToolEnvironment) { ["DOTNET_EnableWriteXorExecute"] = "0" };
        using var limited = ToolProcess.StartThroughShell(_dir.Path, environment, "trap '' XFSZ; ulimit -f 2", ["apply", "-f", ManifestPath, "--env", "test", "-o", "json", .. FastPolling]);
        var run = await limited.WaitAsync();

        run.ExitCode.Should().Be(ExitCodes.UnknownState, run.ToString());
        service.DeployPosts.Should().Be(1);
        run.Models()["model-01"].GetProperty("dockStatusId").GetString().Should().Be(id);
        run.Models()["model-01"].GetProperty("message").GetString().Should().Contain($"--resolve model-01=started:{id}");
        run.Error.Should().Contain(id).And.NotContain("unexpected error");
        JournalLines.Count(JournalPath, "intent").Should().Be(1);
        File.ReadAllText(JournalPath).Should().EndWith("\n", "the part of the line that got in was cut off again");

        var rerun = await ToolProcess.RunAsync(_dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", ManifestPath, "--env", "test", "-o", "json", .. FastPolling]);
        rerun.ExitCode.Should().Be(ExitCodes.UnknownState, rerun.ToString());
        service.DeployPosts.Should().Be(1, "a deploy whose id never reached the journal is not sent again");

        service.Release();
        var resolved = await ToolProcess.RunAsync(_dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", ManifestPath, "--env", "test", "-o", "json", "--resolve", $"model-01=started:{id}", .. FastPolling]);
        resolved.ExitCode.Should().Be(0, resolved.ToString());
        service.DeployPosts.Should().Be(1);
    }

    [Fact]
    public async Task A_journal_on_a_full_tmpfs_after_the_deploy_answered_prints_the_job_id_exits_9_and_the_rerun_sends_nothing()
    {
        // A real full disk, where mounting is allowed (root, as CI runs): a one-page tmpfs that takes the intent and
        // not the started line. Elsewhere the file size limit above stands in for it.
        var mountPoint = Directory.CreateDirectory(_dir.File("small-disk")).FullName;
        var (mountExit, why) = await ChildProcess.RunAsync("mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", mountPoint);
        if (mountExit != 0)
        {
            Environment.UserName.Should().NotBe("root", $"root can mount a tmpfs: {why}");
            return;
        }

        try
        {
            var id = "ds-" + new string('7', 250);
            await using var service = await ScriptedService.StartAsync(released: false);
            service.NextId = _ => id;
            await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, 1));
            var journal = Path.Combine(mountPoint, "kore.test.journal.jsonl");
            var header = $$"""{"at":"2026-12-01T00:00:00+00:00","event":"journal","environment":"test","host":"{{service.Host.ToString().TrimEnd('/')}}"}""" + "\n";
            // 600 bytes of the one page left: the intent fits, the started line after it does not.
            var padding = new string(' ', 3496 - header.Length - 1) + "\n";
            await File.WriteAllTextAsync(journal, header + padding);

            var run = await ToolProcess.RunAsync(_dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", ManifestPath, "--env", "test", "--journal", journal, "-o", "json", .. FastPolling]);

            run.ExitCode.Should().Be(ExitCodes.UnknownState, run.ToString());
            service.DeployPosts.Should().Be(1);
            run.Models()["model-01"].GetProperty("dockStatusId").GetString().Should().Be(id);
            run.Error.Should().Contain(id).And.NotContain("unexpected error");
            JournalLines.Count(journal, "intent").Should().Be(1);
            File.ReadAllText(journal).Should().EndWith("\n", "the part of the line that got in was cut off again");

            var rerun = await ToolProcess.RunAsync(_dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", ManifestPath, "--env", "test", "--journal", journal, "-o", "json", .. FastPolling]);
            rerun.ExitCode.Should().Be(ExitCodes.UnknownState, rerun.ToString());
            service.DeployPosts.Should().Be(1, "a deploy whose id never reached the journal is not sent again");
        }
        finally
        {
            (await ChildProcess.RunAsync("umount", mountPoint)).ExitCode.Should().Be(0, "the test's tmpfs is unmounted");
        }
    }

    [Theory]
    [InlineData("/dev/full")]
    [InlineData("/dev/zero")]
    [InlineData("fifo")]
    [InlineData("folder")]
    public async Task A_journal_that_is_not_a_regular_file_is_refused_with_exit_7(string what)
    {
        await using var service = await ScriptedService.StartAsync();
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, 1));
        var path = what switch
        {
            "fifo" => await ChildProcess.MakeFifoAsync(_dir.File("journal.fifo")),
            "folder" => Directory.CreateDirectory(_dir.File("journal.d")).FullName,
            _ => what,
        };

        var run = await ToolProcess.RunAsync(_dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", ManifestPath, "--env", "test", "--init", "--journal", path, .. FastPolling]);

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.Error.Should().MatchRegex("is a folder|is not a regular file").And.NotContain("unexpected error");
        service.DeployPosts.Should().Be(0);
    }

    [Theory]
    [InlineData("folder")]
    [InlineData("file")]
    public async Task A_read_only_journal_folder_or_file_is_exit_7_not_an_unexpected_error(string what)
    {
        await using var service = await ScriptedService.StartAsync();
        var folder = Directory.CreateDirectory(_dir.File("journals")).FullName;
        var journal = Path.Combine(folder, "kore.test.journal.jsonl");
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(service.Host, 1));
        if (what == "file")
        {
            (await ToolProcess.RunAsync(_dir.Path, ScriptedService.ToolEnvironment, ["apply", "-f", ManifestPath, "--env", "test", "--init", "--journal", journal, .. FastPolling])).ExitCode.Should().Be(0);
            File.SetUnixFileMode(journal, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        else
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        // As root, the tool runs without the capability to ignore file permissions, as any other user would.
        const string AsUser = "if [ \"$(id -u)\" = 0 ]; then exec setpriv --bounding-set=-dac_override,-dac_read_search -- dotnet \"$@\"; fi";
        using var tool = ToolProcess.StartThroughShell(_dir.Path, ScriptedService.ToolEnvironment, AsUser, ["apply", "-f", ManifestPath, "--env", "test", "--init", "--journal", journal, .. FastPolling]);
        var run = await tool.WaitAsync();
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.Error.Should().Contain("journal").And.NotContain("unexpected error");
    }
}
