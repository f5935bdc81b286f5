using KoreModelDeploy.Cli.Hosting;

namespace KoreModelDeploy.Cli.Tests.Hosting;

public sealed class InterruptStateTests
{
    [Fact]
    public void A_second_signal_during_applys_posts_says_jobs_may_have_started_and_the_journal_holds_their_intents()
    {
        var state = new InterruptState();
        using var first = state.BeginJobStartingCall("deploy model-01", journaled: true);
        using var second = state.BeginJobStartingCall("deploy model-02", journaled: true);

        state.ImmediateExitMessage.Should().Contain("2 calls that start jobs were in flight (deploy model-01, deploy model-02)")
            .And.Contain("jobs may have started").And.Contain("journal holds each one's intent").And.Contain("unknown").And.Contain("--resolve");
    }

    [Fact]
    public void Once_the_calls_have_answered_a_second_signal_says_only_that_it_stopped()
    {
        var state = new InterruptState();
        state.BeginJobStartingCall("deploy model-01", journaled: true).Dispose();

        state.ImmediateExitMessage.Should().Be("stopped at once");
    }
}
