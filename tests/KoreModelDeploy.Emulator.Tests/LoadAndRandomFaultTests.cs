using System.Net;
using static KoreModelDeploy.Emulator.Tests.TestSupport;

namespace KoreModelDeploy.Emulator.Tests;

[Collection(RunsAlone.Name)]
public sealed class LoadAndRandomFaultTests
{
    [Fact]
    public async Task A_thousand_concurrent_deploys_fail_the_same_seeded_subset_on_every_run()
    {
        var first = await RunLoadAsync(seed: 42);
        var second = await RunLoadAsync(seed: 42);
        var otherSeed = await RunLoadAsync(seed: 7);

        first.Failed.Should().HaveCountGreaterThan(50).And.HaveCountLessThan(150, "about 10% of 1,000 jobs should fail");
        first.Failed.Should().BeEquivalentTo(second.Failed);
        otherSeed.Failed.Should().NotBeEquivalentTo(first.Failed);
        first.Deployed.Should().BeEquivalentTo(first.All.Except(first.Failed));
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.0, 20)]
    public async Task A_failed_job_fraction_of_zero_or_one_fails_no_job_or_every_job(double fraction, int expectedFailures)
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(options => options.FailedJobFraction = fraction, clock);
        using var client = CreateClient(emulator);
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await StartDeployAsync(client, "cm-" + i));
        }

        FinishJobs(clock);

        var statuses = new List<string>();
        foreach (var id in ids)
        {
            statuses.Add(await ReadStatusAsync(client, id));
        }

        statuses.Count(status => status == "FAILED").Should().Be(expectedFailures);
    }

    [Fact]
    public async Task Transient_status_failures_follow_the_seeded_sequence()
    {
        var first = await StatusCodesAsync(rate: 0.1, seed: 3, calls: 200);
        var second = await StatusCodesAsync(rate: 0.1, seed: 3, calls: 200);

        first.Should().Equal(second);
        first.Count(code => code == HttpStatusCode.ServiceUnavailable).Should().BeInRange(5, 40);
        first.Where(code => code != HttpStatusCode.ServiceUnavailable).Should().OnlyContain(code => code == HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.0, 30)]
    public async Task A_transient_rate_of_zero_or_one_fails_no_status_call_or_every_one(double rate, int expected)
    {
        var codes = await StatusCodesAsync(rate, seed: 0, calls: 30);

        codes.Count(code => code == HttpStatusCode.ServiceUnavailable).Should().Be(expected);
    }

    [Fact]
    public async Task A_transient_status_failure_uses_the_json_error_envelope()
    {
        await using var emulator = await StartAsync(options => options.TransientStatusFailureRate = 1);
        using var client = CreateClient(emulator);

        using var response = await StatusAsync(client, "ds-x");

        (await ReadErrorsAsync(response, 503)).Should().Equal("Service Unavailable");
    }

    private static async Task<List<HttpStatusCode>> StatusCodesAsync(double rate, int seed, int calls)
    {
        await using var emulator = await StartAsync(options =>
        {
            options.TransientStatusFailureRate = rate;
            options.Seed = seed;
            options.DockStatusRateLimitEnabled = false;
        });
        using var client = CreateClient(emulator);
        var id = await StartDeployAsync(client, "cm-1");
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < calls; i++)
        {
            using var response = await StatusAsync(client, id);
            codes.Add(response.StatusCode);
        }

        return codes;
    }

    private static async Task<(IReadOnlyList<string> All, IReadOnlyList<string> Failed, IReadOnlyList<string> Deployed)> RunLoadAsync(int seed)
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(
            options =>
            {
                options.FailedJobFraction = 0.1;
                options.Seed = seed;
            },
            clock);
        using var client = CreateClient(emulator);
        var models = Enumerable.Range(0, 1000).Select(i => "cm-load-" + i).ToList();

        var jobs = await Task.WhenAll(models.Select(async model => (Model: model, Id: await StartDeployAsync(client, model))));
        FinishJobs(clock);
        var results = await Task.WhenAll(jobs.Select(async job => (job.Model, Status: await ReadStatusAsync(client, job.Id))));

        emulator.GetRequestCount(EmulatorEndpoint.Deploy).Should().Be(1000);
        results.Select(result => result.Status).Should().OnlyContain(status => status == "SUCCESS" || status == "FAILED");
        var failed = results.Where(result => result.Status == "FAILED").Select(result => result.Model).ToList();
        return (models, failed, emulator.GetDeployedModelIds());
    }
}
