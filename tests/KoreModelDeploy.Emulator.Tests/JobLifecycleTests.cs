using System.Net;
using static KoreModelDeploy.Emulator.Tests.TestSupport;

namespace KoreModelDeploy.Emulator.Tests;

public sealed class JobLifecycleTests
{
    [Fact]
    public async Task A_deploy_job_is_in_progress_until_the_job_duration_has_passed_then_succeeds()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(options => options.JobDuration = TimeSpan.FromSeconds(5), clock);
        using var client = CreateClient(emulator);

        var id = await StartDeployAsync(client, "cm-1");

        (await ReadStatusAsync(client, id)).Should().Be("IN_PROGRESS");
        clock.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        (await ReadStatusAsync(client, id)).Should().Be("IN_PROGRESS");
        emulator.GetDeployedModelIds().Should().BeEmpty();

        clock.Advance(TimeSpan.FromTicks(1));
        (await ReadStatusAsync(client, id)).Should().Be("SUCCESS");
        emulator.GetDeployedModelIds().Should().Equal("cm-1");
    }

    [Fact]
    public async Task The_dock_status_has_the_vendors_shape()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(clock: clock);
        using var client = CreateClient(emulator);
        var id = await StartDeployAsync(client, "cm-shape");
        FinishJobs(clock);

        using var response = await StatusAsync(client, id);

        var json = await ReadObjectAsync(response);
        json.Select(property => property.Key).Should().Equal("_id", "modelId", "jobType", "action", "status");
        ((string)json["_id"]!).Should().Be(id);
        ((string)json["modelId"]!).Should().Be("cm-shape");
        ((string)json["jobType"]!).Should().Be("MODELS");
        ((string)json["action"]!).Should().Be("DEPLOY");
        ((string)json["status"]!).Should().Be("SUCCESS");
    }

    [Fact]
    public async Task Deployed_models_are_listed_in_ordinal_order_once_their_jobs_end()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(clock: clock);
        using var client = CreateClient(emulator);
        await StartDeployAsync(client, "cm-b");
        await StartDeployAsync(client, "cm-a");

        FinishJobs(clock);

        emulator.GetDeployedModelIds().Should().Equal("cm-a", "cm-b");
    }

    [Fact]
    public async Task An_unknown_dock_status_id_is_a_404_in_the_error_envelope()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);

        using var response = await StatusAsync(client, "ds-does-not-exist");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ReadErrorsAsync(response, 404)).Should().ContainSingle().Which.Should().Contain("ds-does-not-exist");
    }

    [Fact]
    public async Task Undeploying_a_model_that_was_never_deployed_is_a_404()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);

        using var response = await UndeployAsync(client, "cm-unknown");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ReadErrorsAsync(response, 404)).Should().Equal("Model cm-unknown is not deployed");
    }

    [Fact]
    public async Task Undeploying_while_the_deploy_is_still_in_progress_is_a_404()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);
        await StartDeployAsync(client, "cm-1");

        using var response = await UndeployAsync(client, "cm-1");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Undeploy_runs_its_own_job_and_then_the_model_is_no_longer_deployed()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(clock: clock);
        using var client = CreateClient(emulator);
        await StartDeployAsync(client, "cm-1");
        FinishJobs(clock);

        using var response = await UndeployAsync(client, "cm-1");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var json = await ReadObjectAsync(response);
        json.Select(property => property.Key).Should().Equal("dock-statusId", "modelId", "jobType", "action", "status");
        ((string)json["action"]!).Should().Be("UNDEPLOY");
        ((string)json["status"]!).Should().Be("IN_PROGRESS");
        ((string)json["modelId"]!).Should().Be("cm-1");
        var undeployId = (string)json["dock-statusId"]!;

        (await ReadStatusAsync(client, undeployId)).Should().Be("IN_PROGRESS");
        emulator.GetDeployedModelIds().Should().Equal("cm-1");

        FinishJobs(clock);
        using var status = await StatusAsync(client, undeployId);
        var statusJson = await ReadObjectAsync(status);
        ((string)statusJson["action"]!).Should().Be("UNDEPLOY");
        ((string)statusJson["status"]!).Should().Be("SUCCESS");
        emulator.GetDeployedModelIds().Should().BeEmpty();

        using var again = await UndeployAsync(client, "cm-1");
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_redeploy_and_an_undeploy_due_at_the_same_instant_settle_in_start_order()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(clock: clock);
        using var client = CreateClient(emulator);
        await StartDeployAsync(client, "cm-1");
        FinishJobs(clock);

        await StartDeployAsync(client, "cm-1");
        using var undeploy = await UndeployAsync(client, "cm-1");
        undeploy.StatusCode.Should().Be(HttpStatusCode.OK);
        FinishJobs(clock);

        emulator.GetDeployedModelIds().Should().BeEmpty();
    }

    [Fact]
    public async Task With_a_zero_duration_a_job_answers_in_progress_then_success_on_the_first_poll()
    {
        await using var emulator = await StartAsync(options => options.JobDuration = TimeSpan.Zero);
        using var client = CreateClient(emulator);

        var id = await StartDeployAsync(client, "cm-1");

        (await ReadStatusAsync(client, id)).Should().Be("SUCCESS");
        emulator.GetDeployedModelIds().Should().Equal("cm-1");
    }

    [Fact]
    public async Task A_rejected_deploy_starts_no_job()
    {
        await using var emulator = await StartAsync(options => options.JobDuration = TimeSpan.Zero);
        using var client = CreateClient(emulator);

        using var response = await DeployAsync(client, "cm-1", ValidBody().With("hyperParameters.topK", 0));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        emulator.GetDeployedModelIds().Should().BeEmpty();
    }

    [Fact]
    public async Task The_system_clock_is_used_when_no_time_provider_is_given()
    {
        await using var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions { JobDuration = TimeSpan.FromMilliseconds(50) });
        using var client = CreateClient(emulator);
        var id = await StartDeployAsync(client, "cm-1");

        // A short real wait bounded by a deadline: the one place a real clock is the subject under test.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string status;
        do
        {
            status = await ReadStatusAsync(client, id);
            await Task.Delay(20);
        }
        while (status == "IN_PROGRESS" && DateTime.UtcNow < deadline);

        status.Should().Be("SUCCESS");
    }
}
