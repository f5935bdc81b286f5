namespace KoreModelDeploy.Tests.Polling;

/// <summary>The schedule an engine replays: the same arguments always give the same delay.</summary>
public sealed class PollDelayForEnginesTests
{
    private static readonly DockPollingOptions Defaults = new();

    [Theory]
    [InlineData(0, 0.0, 5.0)]
    [InlineData(1, 0.0, 7.5)]
    [InlineData(2, 0.0, 11.25)]
    [InlineData(10, 0.0, 30.0)]
    [InlineData(0, -1.0, 4.0)]
    [InlineData(0, 1.0, 6.0)]
    [InlineData(10, 0.5, 33.0)]
    public void The_delay_grows_to_the_ceiling_and_the_jitter_value_places_it_in_the_range(int attempt, double jitter, double expectedSeconds)
    {
        Defaults.GetPollDelay(attempt, TimeSpan.Zero, jitter)!.Value.TotalSeconds.Should().BeApproximately(expectedSeconds, 1e-9);
    }

    [Fact]
    public void The_same_arguments_give_the_same_delay_every_time()
    {
        var first = Defaults.GetPollDelay(3, TimeSpan.FromMinutes(2), 0.37);

        Enumerable.Range(0, 100).Select(_ => Defaults.GetPollDelay(3, TimeSpan.FromMinutes(2), 0.37)).Should().AllBeEquivalentTo(first);
    }

    [Fact]
    public void No_delay_is_given_for_a_poll_that_would_come_after_the_wait_timed_out()
    {
        var options = new DockPollingOptions { Timeout = TimeSpan.FromMinutes(1), Jitter = 0 };

        options.GetPollDelay(0, TimeSpan.FromSeconds(54), 0).Should().Be(TimeSpan.FromSeconds(5));
        options.GetPollDelay(0, TimeSpan.FromSeconds(55), 0).Should().BeNull();
    }

    [Theory]
    [InlineData(-1, 0, 0.0, "attempt")]
    [InlineData(0, -1, 0.0, "elapsed")]
    [InlineData(0, 0, 1.5, "jitter")]
    [InlineData(0, 0, double.NaN, "jitter")]
    public void Arguments_out_of_range_are_refused_by_name(int attempt, int elapsedSeconds, double jitter, string name)
    {
        FluentActions.Invoking(() => Defaults.GetPollDelay(attempt, TimeSpan.FromSeconds(elapsedSeconds), jitter))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }
}
