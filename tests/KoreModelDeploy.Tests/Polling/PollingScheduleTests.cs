using KoreModelDeploy.Models;
using Xunit.Abstractions;
using static KoreModelDeploy.Tests.Polling.ScriptedJob;
using static KoreModelDeploy.Tests.TestSupport.TestIds;

namespace KoreModelDeploy.Tests.Polling;

public sealed class PollingScheduleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Retry_after_from_the_service_sets_the_next_poll_exactly()
    {
        var context = new PollingTestContext(PollingTestContext.Exact.With(o => { o.InitialDelay = TimeSpan.FromSeconds(2); o.MaxDelay = TimeSpan.FromSeconds(2); }));
        context.Job.Then(RateLimited(7), Status("SUCCESS"));

        await context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        var polls = context.Job.StatusPollTimes.ToList();
        polls.Should().HaveCount(2);
        (polls[1] - polls[0]).Should().Be(TimeSpan.FromSeconds(7));
    }

    [Theory]
    [InlineData(30, 3, 3)] // Retry-After wins even when the schedule would wait longer
    [InlineData(10, 0, 1)] // a Retry-After of zero still waits a second, so the rate limit holds
    public async Task Retry_after_sets_the_gap_to_the_next_poll_of_a_resumed_wait(int scheduleSeconds, int retryAfterSeconds, int expectedGapSeconds)
    {
        var schedule = TimeSpan.FromSeconds(scheduleSeconds);
        var context = new PollingTestContext(PollingTestContext.Exact.With(o => { o.InitialDelay = schedule; o.MaxDelay = schedule; }));
        context.Job.Then(RateLimited(retryAfterSeconds), Status("SUCCESS"));
        var operation = context.Client.GetDockOperation(DockStatusId);

        await context.RunAsync(operation.WaitForCompletionAsync());

        var polls = context.Job.StatusPollTimes.ToList();
        (polls[1] - polls[0]).Should().Be(TimeSpan.FromSeconds(expectedGapSeconds));
    }

    [Fact]
    public async Task The_schedule_grows_by_the_multiplier_up_to_the_ceiling()
    {
        var polling = PollingTestContext.Exact.With(o => { o.InitialDelay = TimeSpan.FromSeconds(4); o.Multiplier = 2; o.MaxDelay = TimeSpan.FromSeconds(20); });
        var context = new PollingTestContext(polling);
        context.Job.JobDuration = TimeSpan.FromSeconds(100);

        await context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        var times = new[] { context.Clock.Start }.Concat(context.Job.StatusPollTimes).ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        gaps.Should().StartWith([4, 8, 16, 20, 20]);
        gaps.Should().OnlyContain(g => g <= 20);
    }

    [Fact]
    public async Task The_default_schedule_stays_within_the_vendor_rate_limit_over_a_three_hour_job()
    {
        var context = new PollingTestContext(new DockPollingOptions().With(o => o.Timeout = TimeSpan.FromHours(4)));
        context.Job.JobDuration = TimeSpan.FromHours(3);

        var final = await context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        final.Status.Should().Be(DockJobStatus.Success);
        var polls = context.Job.StatusPollTimes.ToList();
        PollTimes.MostInAnyWindow(polls, TimeSpan.FromSeconds(60)).Should().BeLessThanOrEqualTo(60);
        PollTimes.MostInAnyWindow(polls, TimeSpan.FromHours(1)).Should().BeLessThanOrEqualTo(1800);
        var gaps = polls.Zip(polls.Skip(1), (a, b) => b - a).ToList();
        gaps.Min().Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2), "1,800 an hour is one every 2 s on average");
        output.WriteLine($"3-hour job: {polls.Count} polls; busiest minute {PollTimes.MostInAnyWindow(polls, TimeSpan.FromSeconds(60))}, busiest hour {PollTimes.MostInAnyWindow(polls, TimeSpan.FromHours(1))}; shortest gap {gaps.Min().TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_ten_minute_job_takes_few_polls_and_is_noticed_soon_after_it_ends()
    {
        var context = new PollingTestContext(new DockPollingOptions());
        var jobDuration = TimeSpan.FromMinutes(10);
        context.Job.JobDuration = jobDuration;

        await context.RunAsync(context.Client.DeployAndWaitAsync(ModelId, ModelType.OpenSource, PollingTestContext.Request));

        var polls = context.Job.StatusPollTimes.ToList();
        var lateBy = polls[^1] - (context.Clock.Start + jobDuration);
        output.WriteLine($"10-minute job with default polling: {polls.Count} polls, completion noticed {lateBy.TotalSeconds:0.0} s after the job ended");
        polls.Count.Should().BeInRange(15, 35);
        lateBy.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(36), "the longest delay is 30 s plus 20% jitter");
    }

    [Fact]
    public void The_default_delays_stay_between_four_and_thirty_six_seconds()
    {
        var delays = Enumerable.Range(0, 2000).Select(step => KoreModelDeploy.Polling.PollingSchedule.GetDelay(new DockPollingOptions(), step % 40)).ToList();

        delays.Min().Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(4));
        delays.Max().Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(36));
        delays.Distinct().Count().Should().BeGreaterThan(100, "jitter spreads the delays");
    }
}
