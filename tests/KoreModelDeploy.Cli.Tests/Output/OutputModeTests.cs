using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Output;

/// <summary>
/// Plain lines with no escape codes whenever stderr is not a live terminal (redirected, NO_COLOR, TERM=dumb, CI,
/// --no-color); live progress only on a terminal; stdout never has an escape code.
/// </summary>
public sealed class OutputModeTests
{
    private const char Escape = '\u001b';

    [Theory]
    [InlineData(false, null, null)]
    [InlineData(true, "NO_COLOR", "1")]
    [InlineData(true, "TERM", "dumb")]
    [InlineData(true, "CI", "true")]
    [InlineData(true, "GITHUB_ACTIONS", "true")]
    public async Task Without_a_live_terminal_no_output_has_an_escape_code(bool errorIsTerminal, string? variable, string? value)
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Runner.ErrorIsTerminal = errorIsTerminal;
        if (variable is not null)
        {
            session.Runner.Environment[variable] = value;
        }

        session.Emulator.Faults.FailNextJob("GPU quota exceeded");
        var runs = new[]
        {
            await session.DeployAsync(),
            await session.DeployAsync(),
            await session.DeployAsync("-o", "json"),
            await session.Runner.RunAsync("status", "ds-missing"),
            await session.Runner.RunAsync("validate", "--file", session.Files.Write("bad.json", "{\"name\": 1}")),
        };

        runs.Select(r => r.ExitCode).Should().Equal(ExitCodes.JobFailed, 0, 0, ExitCodes.ApiError, ExitCodes.InvalidRequest);
        foreach (var run in runs)
        {
            run.All.Should().NotContain(Escape.ToString(), run.ToString());
        }

        runs[1].Error.Should().MatchRegex(@"deploy cm-test: IN_PROGRESS \(\d+\.\ds\)").And.MatchRegex(@"deploy cm-test: SUCCESS \(\d+\.\ds\)");
    }

    [Fact]
    public async Task The_no_color_option_turns_a_terminal_plain_too()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Runner.ErrorIsTerminal = true;

        var run = await session.DeployAsync("--no-color");

        run.ExitCode.Should().Be(0);
        run.All.Should().NotContain(Escape.ToString());
    }

    [Fact]
    public async Task A_terminal_gets_live_progress_on_stderr_and_still_a_bare_result_on_stdout()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Runner.ErrorIsTerminal = true;

        var run = await session.DeployAsync();

        run.ExitCode.Should().Be(0, run.ToString());
        run.Error.Should().Contain(Escape.ToString(), "a terminal gets the live line and colour").And.Contain("deploy cm-test: SUCCESS");
        run.Out.Trim().Should().StartWith("ds-").And.NotContain(Escape.ToString());
    }

    [Fact]
    public async Task Quiet_prints_the_result_and_no_progress()
    {
        await using var session = await EmulatorSession.StartAsync();

        var run = await session.DeployAsync("-q");

        run.ExitCode.Should().Be(0);
        run.Out.Trim().Should().StartWith("ds-");
        run.Error.Should().BeEmpty();
    }

    [Fact]
    public async Task Verbose_prints_each_HTTP_attempt()
    {
        await using var session = await EmulatorSession.StartAsync();

        var run = await session.DeployAsync("-v");

        run.ExitCode.Should().Be(0);
        run.Error.Should().MatchRegex(@"POST /api/public/models/cm-test/deploy\S* answered 20\d in [\d.]+ ms \(attempt 1\)");
        run.Error.Should().MatchRegex(@"GET /api/public/dock-status/ds-\S+ answered 200");
    }

    [Fact]
    public async Task A_long_wait_says_it_is_still_waiting()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.Faults.NeverCompleteNextJob();
        session.Runner.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
        using var ctrlC = new CancellationTokenSource();

        var running = session.Runner.RunAsync(ctrlC.Token, ["deploy", "cm-test", "--type", "openSource", "--file", session.Files.Valid, "--poll-delay", "1s", "--poll-max-delay", "1s"]);
        await Eventually.WaitUntilAsync(() => session.Runner.CurrentError().Contains("still", StringComparison.Ordinal), "a heartbeat");
        ctrlC.Cancel();
        var run = await running;

        run.Error.Should().MatchRegex(@"deploy cm-test: still IN_PROGRESS after \d+\.\ds");
    }
}
