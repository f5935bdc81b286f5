using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Cli.Tests.EndToEnd;

/// <summary>
/// Ctrl+C (the token the process cancels on the first SIGINT or SIGTERM): a wait stops and the job goes on; a deploy
/// call already sent is let finish so its id can be printed; nothing is sent once cancelled.
/// </summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task Ctrl_C_during_a_wait_stops_waiting_prints_the_resume_command_and_exits_130()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.Faults.NeverCompleteNextJob();
        using var ctrlC = new CancellationTokenSource();

        var running = session.Runner.RunAsync(ctrlC.Token, session.DeployArgs("cm-test"));
        await Eventually.WaitUntilAsync(() => session.Runner.CurrentError().Contains("IN_PROGRESS", StringComparison.Ordinal), "the wait to start");
        ctrlC.Cancel();
        var run = await running;

        run.ExitCode.Should().Be(ExitCodes.Cancelled, run.ToString());
        var id = run.Out.Trim();
        run.Error.Should().Contain("the job goes on; resume with: kore-deploy wait " + id);
        session.Emulator.GetRequestCount(EmulatorEndpoint.Undeploy).Should().Be(0, "stopping the wait does not stop the job");
        session.Emulator.GetRequestCount(EmulatorEndpoint.Deploy).Should().Be(1);
    }

    [Fact]
    public async Task Ctrl_C_while_the_deploy_call_is_in_flight_lets_it_finish_and_prints_the_id()
    {
        // The deploy answer is held on the emulator's own clock until Ctrl+C has been pressed: on real time, a busy
        // machine could let it arrive first, and the test would see a wait cancelled instead.
        var emulatorClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var session = await EmulatorSession.StartAsync(clock: emulatorClock);
        session.Emulator.Faults.Enqueue(EmulatorFault.SlowResponse(TimeSpan.FromSeconds(1)), EmulatorEndpoint.Deploy);
        using var ctrlC = new CancellationTokenSource();

        var running = session.Runner.RunAsync(ctrlC.Token, [.. session.DeployArgs("cm-test"), "-o", "json"]);
        await Eventually.WaitUntilAsync(() => session.Emulator.Faults.AppliedRequestFaultCount == 1, "the deploy call to be held by the emulator");
        session.Runner.LastHost!.Interrupts.ImmediateExitMessage.Should().Contain("the job may have started", "a second Ctrl+C now would leave an unknown job");
        ctrlC.Cancel();
        running.IsCompleted.Should().BeFalse("the deploy call is let finish");
        emulatorClock.Advance(TimeSpan.FromSeconds(1));
        var run = await running;

        run.ExitCode.Should().Be(ExitCodes.Cancelled, run.ToString());
        run.Error.Should().Contain("finishing the deploy call");
        var id = run.Json.GetProperty("dockStatusId").GetString();
        id.Should().StartWith("ds-", "the call was let finish, so the job can be followed");
        run.Json.GetProperty("resumeCommand").GetString().Should().Be("kore-deploy wait " + id);
        run.Error.Should().Contain($"started as job {id} before Ctrl+C took effect; the job goes on; resume with: kore-deploy wait {id}");
        session.Emulator.GetRequestCount(EmulatorEndpoint.DockStatus).Should().Be(0, "no wait starts after Ctrl+C");
        session.Runner.LastHost.Interrupts.ImmediateExitMessage.Should().NotContain("may have started", "the call has ended");
    }

    [Fact]
    public async Task Ctrl_C_before_anything_is_sent_sends_nothing()
    {
        await using var session = await EmulatorSession.StartAsync();
        using var ctrlC = new CancellationTokenSource();
        await ctrlC.CancelAsync();

        var run = await session.Runner.RunAsync(ctrlC.Token, session.DeployArgs("cm-test"));

        run.ExitCode.Should().Be(ExitCodes.Cancelled, run.ToString());
        // Ctrl+C may land before the deploy file is read or while it is being read; either way nothing is sent.
        run.Error.Should().MatchRegex("cancelled before anything was sent|cancelled while waiting for the deploy file .*; nothing was sent");
        session.Emulator.GetRequestCount(EmulatorEndpoint.Any).Should().Be(0);
    }

    [Fact]
    public async Task Ctrl_C_during_wait_command_exits_130_with_the_same_resume_command()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.Faults.NeverCompleteNextJob();
        var id = (await session.DeployAsync("--no-wait")).Out.Trim();
        using var ctrlC = new CancellationTokenSource();

        var running = session.Runner.RunAsync(ctrlC.Token, ["wait", id, .. EmulatorSession.FastPolling]);
        await Eventually.WaitUntilAsync(() => session.Emulator.GetRequestCount(EmulatorEndpoint.DockStatus) > 0, "a poll");
        ctrlC.Cancel();
        var run = await running;

        run.ExitCode.Should().Be(ExitCodes.Cancelled, run.ToString());
        run.Error.Should().Contain("resume with: kore-deploy wait " + id);
    }
}
