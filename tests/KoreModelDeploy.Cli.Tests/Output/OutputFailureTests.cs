using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Emulator;

namespace KoreModelDeploy.Cli.Tests.Output;

/// <summary>
/// stdout or stderr that cannot be written (<c>/dev/full</c>): the run ends as Ctrl+C ends it, with exit 10, no stack
/// trace and no new deploy call; what was sent is journaled.
/// </summary>
public sealed class OutputFailureTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string ManifestPath => _dir.File("kore.json");

    private string JournalPath => _dir.File("kore.test.journal.jsonl");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("1", "text")]
    [InlineData("2", "text")]
    [InlineData("1", "json")]
    [InlineData("2", "json")]
    public async Task Plan_exits_10_when_its_output_cannot_be_written(string stream, string format)
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(new Uri("http://127.0.0.1:9"), 2));

        var run = await RunToFullAsync(stream, new Dictionary<string, string>(), "plan", "-f", ManifestPath, "--env", "test", "-o", format);

        run.ExitCode.Should().Be(ExitCodes.OutputFailed, run.ToString());
        run.All.Should().NotContain("Unhandled").And.NotContain("   at ");
        if (stream == "1")
        {
            run.Error.Should().Contain("stdout cannot be written");
        }
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task Validate_exits_10_when_its_output_cannot_be_written(string stream)
    {
        using var files = new TempDeployFiles();

        var run = await RunToFullAsync(stream, new Dictionary<string, string>(), "validate", "--file", files.Valid, "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.OutputFailed, run.ToString());
        run.All.Should().NotContain("Unhandled").And.NotContain("   at ");
    }

    [Fact]
    public async Task A_deploy_whose_stderr_is_full_prints_its_job_id_and_exits_10()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.Faults.NeverCompleteNextJob();
        var environment = new Dictionary<string, string> { ["KORE_HOST"] = session.Emulator.BaseAddress.ToString(), ["KORE_API_KEY"] = EmulatorSession.ApiKey };

        var run = await RunToFullAsync("2", environment, session.DeployArgs("cm-test"));

        run.ExitCode.Should().Be(ExitCodes.OutputFailed, run.ToString());
        run.Out.Trim().Should().StartWith("ds-", "the id the deploy call returned is printed on stdout, which works");
        session.Emulator.GetRequestCount(EmulatorEndpoint.Deploy).Should().Be(1);
    }

    [Fact]
    public async Task An_apply_whose_stderr_is_full_sends_no_deploy_and_exits_10()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(emulator.Host, 3));

        var run = await RunToFullAsync("2", emulator.ToolEnvironment, "apply", "-f", ManifestPath, "--env", "test", "--init");

        run.ExitCode.Should().Be(ExitCodes.OutputFailed, run.ToString());
        run.Out.Should().NotContain("Unhandled").And.NotContain("   at ");
        emulator.DeployPosts.Should().Be(0, "output failed before the first deploy call, and none is sent after");
    }

    [Fact]
    public async Task An_apply_whose_stdout_is_full_finishes_its_jobs_journals_them_and_exits_10()
    {
        await using var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions { ApiKey = EmulatorSession.ApiKey, JobDuration = TimeSpan.FromMilliseconds(250) });
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(emulator.BaseAddress, 2));
        var environment = new Dictionary<string, string> { ["KORE_API_KEY"] = EmulatorSession.ApiKey };

        var run = await RunToFullAsync("1", environment, ["apply", "-f", ManifestPath, "--env", "test", "--init", .. EmulatorSession.FastPolling]);

        run.ExitCode.Should().Be(ExitCodes.OutputFailed, run.ToString());
        run.Error.Should().Contain("stdout cannot be written").And.NotContain("   at ");
        emulator.GetRequestCount(EmulatorEndpoint.Deploy).Should().Be(2);
        JournalLines.Count(JournalPath, "finished").Should().Be(2);
    }

    [Fact]
    public async Task Stderr_failing_mid_apply_lets_the_job_already_started_stay_journaled_and_starts_no_other()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(emulator.Host, 2));
        using var stdout = new StringWriter();
        using var stderr = new FailingWriter("deploy job ");
        var host = new CliHost(stdout, stderr, new StringReader(string.Empty), name => emulator.ToolEnvironment.GetValueOrDefault(name), errorIsTerminal: false);

        var exitCode = await Eventually.Within(KoreDeployCli.RunAsync(
            ["apply", "-f", ManifestPath, "--env", "test", "--init", "--parallel", "1", "-o", "json", .. EmulatorSession.FastPolling], host, CancellationToken.None));

        exitCode.Should().Be(ExitCodes.OutputFailed, stderr.ToString());
        emulator.DeployPosts.Should().Be(1, "the second model was not started once stderr failed");
        JournalLines.Count(JournalPath, "started", "model-01").Should().Be(1, "the job that was started is recorded");
        JournalLines.Count(JournalPath, "intent", "model-02").Should().Be(0);
        var report = new ToolRun(exitCode, stdout.ToString(), string.Empty);
        report.Json.GetProperty("exitCode").GetInt32().Should().Be(ExitCodes.OutputFailed);
        report.Outcome("model-01").Should().Be("cancelled");
        report.Outcome("model-02").Should().Be("not-started");
    }

    /// <summary>Runs the tool with stdout (<c>1</c>) or stderr (<c>2</c>) sent to <c>/dev/full</c>.</summary>
    private Task<ToolRun> RunToFullAsync(string stream, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ToolProcess.RunCommandAsync(_dir.Path, environment, ["bash", "-c", $"exec dotnet \"$@\" {stream}>/dev/full", "bash", ToolProcess.ToolDll, .. args]);

    /// <summary>A stderr that fails, as a full disk does, from the first line holding <paramref name="trigger"/> on.</summary>
    private sealed class FailingWriter(string trigger) : StringWriter
    {
        private bool _full;

        public override void Write(char value)
        {
            ThrowIfFull(value.ToString());
            base.Write(value);
        }

        public override void Write(string? value)
        {
            ThrowIfFull(value);
            base.Write(value);
        }

        public override void WriteLine(string? value)
        {
            ThrowIfFull(value);
            base.WriteLine(value);
        }

        private void ThrowIfFull(string? value)
        {
            _full |= value?.Contains(trigger, StringComparison.Ordinal) == true;
            if (_full)
            {
                throw new IOException("No space left on device");
            }
        }
    }
}
