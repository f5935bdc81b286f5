using KoreModelDeploy.Cli.Hosting;

namespace KoreModelDeploy.Cli.Tests.EndToEnd;

/// <summary>What a second Ctrl+C says, from the calls on the wire when it comes.</summary>
public sealed class InterruptMessageTests
{
    [Fact]
    public void With_apply_calls_in_flight_it_says_jobs_may_have_started_and_the_journal_has_each_intent()
    {
        var state = new InterruptState();
        using var first = state.BeginJobStartingCall("deploy", "/ci/kore.prod.journal.jsonl");
        using (state.BeginJobStartingCall("deploy", "/ci/kore.prod.journal.jsonl"))
        {
            state.ImmediateExitMessage.Should().Contain("2 calls that start jobs").And.Contain("jobs may have started")
                .And.Contain("/ci/kore.prod.journal.jsonl has each one's intent").And.Contain("--resolve");
        }

        state.ImmediateExitMessage.Should().Contain("a call that starts a job was in flight", "one call is still on the wire");
        first.Dispose();
        state.ImmediateExitMessage.Should().Be("stopped at once");
    }
}
