using System.Net;
using System.Text.Json;
using static KoreModelDeploy.Emulator.Tests.TestSupport;

namespace KoreModelDeploy.Emulator.Tests;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Fail_next_job_makes_exactly_one_job_end_failed_with_the_message()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(clock: clock);
        using var client = CreateClient(emulator);
        emulator.Faults.FailNextJob("GPU quota exceeded");

        var failing = await StartDeployAsync(client, "cm-1");
        var succeeding = await StartDeployAsync(client, "cm-2");
        FinishJobs(clock);

        using var response = await StatusAsync(client, failing);
        var json = await ReadObjectAsync(response);
        ((string)json["status"]!).Should().Be("FAILED");
        ((string)json["message"]!).Should().Be("GPU quota exceeded");
        (await ReadStatusAsync(client, succeeding)).Should().Be("SUCCESS");
        emulator.GetDeployedModelIds().Should().Equal("cm-2");
    }

    [Fact]
    public async Task A_failed_job_reports_in_progress_without_a_message_until_it_ends()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.FailNextJob("GPU quota exceeded");
        var id = await StartDeployAsync(client, "cm-1");

        using var response = await StatusAsync(client, id);

        var json = await ReadObjectAsync(response);
        ((string)json["status"]!).Should().Be("IN_PROGRESS");
        json.ContainsKey("message").Should().BeFalse();
    }

    [Fact]
    public async Task Jobs_of_models_listed_in_the_options_fail_with_their_message()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(options => options.JobFailuresByModelId["cm-bad"] = "Model artifacts missing", clock);
        using var client = CreateClient(emulator);

        var bad = await StartDeployAsync(client, "cm-bad");
        var good = await StartDeployAsync(client, "cm-good");
        FinishJobs(clock);

        using var response = await StatusAsync(client, bad);
        ((string)(await ReadObjectAsync(response))["message"]!).Should().Be("Model artifacts missing");
        (await ReadStatusAsync(client, good)).Should().Be("SUCCESS");
    }

    [Fact]
    public async Task A_failed_undeploy_leaves_the_model_deployed()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(clock: clock);
        using var client = CreateClient(emulator);
        await StartDeployAsync(client, "cm-1");
        FinishJobs(clock);
        emulator.Faults.FailNextJob("Undeploy failed");

        using var undeploy = await UndeployAsync(client, "cm-1");
        var id = (string)(await ReadObjectAsync(undeploy))["dock-statusId"]!;
        FinishJobs(clock);

        (await ReadStatusAsync(client, id)).Should().Be("FAILED");
        emulator.GetDeployedModelIds().Should().Equal("cm-1");
    }

    [Fact]
    public async Task A_rejected_undeploy_does_not_consume_a_scripted_job_fault()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(clock: clock);
        using var client = CreateClient(emulator);
        emulator.Faults.FailNextJob("reserved for the deploy");

        (await UndeployAsync(client, "cm-unknown")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var id = await StartDeployAsync(client, "cm-1");
        FinishJobs(clock);

        (await ReadStatusAsync(client, id)).Should().Be("FAILED");
    }

    [Fact]
    public async Task Never_complete_next_job_keeps_one_job_in_progress_forever()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(clock: clock);
        using var client = CreateClient(emulator);
        emulator.Faults.NeverCompleteNextJob();

        var hanging = await StartDeployAsync(client, "cm-1");
        var normal = await StartDeployAsync(client, "cm-2");
        clock.Advance(TimeSpan.FromDays(30));

        (await ReadStatusAsync(client, hanging)).Should().Be("IN_PROGRESS");
        (await ReadStatusAsync(client, normal)).Should().Be("SUCCESS");
    }

    [Fact]
    public async Task Never_completing_models_and_the_global_switch_keep_jobs_in_progress()
    {
        var clock = NewClock();
        await using var perModel = await StartAsync(options => options.NeverCompletingModelIds.Add("cm-stuck"), clock);
        await using var all = await StartAsync(options => options.JobsNeverComplete = true, clock);
        using var perModelClient = CreateClient(perModel);
        using var allClient = CreateClient(all);

        var stuck = await StartDeployAsync(perModelClient, "cm-stuck");
        var free = await StartDeployAsync(perModelClient, "cm-free");
        var anyModel = await StartDeployAsync(allClient, "cm-free");
        clock.Advance(TimeSpan.FromHours(1));

        (await ReadStatusAsync(perModelClient, stuck)).Should().Be("IN_PROGRESS");
        (await ReadStatusAsync(perModelClient, free)).Should().Be("SUCCESS");
        (await ReadStatusAsync(allClient, anyModel)).Should().Be("IN_PROGRESS");
    }

    [Fact]
    public async Task A_queued_429_applies_to_the_next_matching_requests_only()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.Enqueue(EmulatorFault.RateLimited(TimeSpan.FromSeconds(7.2)), EmulatorEndpoint.Deploy, count: 2);

        using var status = await StatusAsync(client, "ds-x");
        using var first = await DeployAsync(client, "cm-1", SampleOpenSourceBody);
        using var second = await DeployAsync(client, "cm-1", SampleOpenSourceBody);
        using var third = await DeployAsync(client, "cm-1", SampleOpenSourceBody);

        status.StatusCode.Should().Be(HttpStatusCode.NotFound, "the fault targets deploy calls only");
        first.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        first.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(8));
        (await ReadErrorsAsync(first, 429)).Should().Equal("Rate limit for this API has been reached. Please try again later");
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        third.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_queued_server_error_answers_with_the_json_error_envelope(int statusCode)
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.Enqueue(EmulatorFault.ServerError(statusCode), EmulatorEndpoint.DockStatus);

        using var failed = await StatusAsync(client, "ds-x");
        using var next = await StatusAsync(client, "ds-x");

        ((int)failed.StatusCode).Should().Be(statusCode);
        failed.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await ReadErrorsAsync(failed, statusCode)).Should().ContainSingle();
        next.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_queued_gateway_page_answers_with_html()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.Enqueue(EmulatorFault.GatewayHtml(), EmulatorEndpoint.Undeploy);

        using var response = await UndeployAsync(client, "cm-1");

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Be("<html><body><h1>502 Bad Gateway</h1></body></html>");
    }

    [Fact]
    public async Task A_gateway_page_with_another_status_names_that_status()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.Enqueue(EmulatorFault.GatewayHtml(504));

        using var response = await StatusAsync(client, "ds-x");

        response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        (await response.Content.ReadAsStringAsync()).Should().Be("<html><body><h1>504 Gateway Timeout</h1></body></html>");
    }

    [Fact]
    public async Task Faults_apply_before_the_key_check_as_a_gateway_in_front_of_the_api_would()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator, apiKey: null);
        emulator.Faults.Enqueue(EmulatorFault.ServerError(503));

        using var response = await StatusAsync(client, "ds-x");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task A_slow_response_waits_on_the_emulator_clock_then_answers_normally()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(clock: clock);
        using var client = CreateClient(emulator);
        emulator.Faults.Enqueue(EmulatorFault.SlowResponse(TimeSpan.FromSeconds(30)), EmulatorEndpoint.Deploy);

        var pending = DeployAsync(client, "cm-1", SampleOpenSourceBody);
        await Eventually.WaitUntilAsync(() => emulator.Faults.AppliedRequestFaultCount == 1, "the slow response's wait to begin");
        pending.IsCompleted.Should().BeFalse("the answer waits for the emulator's clock, which stands still");
        clock.Advance(TimeSpan.FromSeconds(30));

        using var response = await Eventually.Within(pending);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        ((string)(await ReadObjectAsync(response))["action"]!).Should().Be("DEPLOY");
    }

    [Fact]
    public async Task A_slow_response_is_counted_as_applied_once_its_wait_has_begun()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(clock: clock);
        using var client = CreateClient(emulator);
        emulator.Faults.Enqueue(EmulatorFault.SlowResponse(TimeSpan.FromSeconds(30)), EmulatorEndpoint.Deploy);
        emulator.Faults.Enqueue(EmulatorFault.ServerError(503), EmulatorEndpoint.DockStatus, count: 2);

        using var unmatched = await UndeployAsync(client, "cm-1");
        emulator.Faults.AppliedRequestFaultCount.Should().Be(0, "no queued fault matches an undeploy");
        using var first = await StatusAsync(client, "ds-x");
        using var second = await StatusAsync(client, "ds-x");
        using var third = await StatusAsync(client, "ds-x");
        emulator.Faults.AppliedRequestFaultCount.Should().Be(2, "the 503 applied to two requests and the third was answered normally");
        var pending = DeployAsync(client, "cm-1", SampleOpenSourceBody);

        await Eventually.WaitUntilAsync(() => emulator.Faults.AppliedRequestFaultCount == 3, "the slow response's wait to begin");
        pending.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(30));
        using var answered = await Eventually.Within(pending);
        answered.StatusCode.Should().Be(HttpStatusCode.OK);
        emulator.Faults.AppliedRequestFaultCount.Should().Be(3);
    }

    [Fact]
    public async Task A_client_that_gives_up_during_a_slow_response_sees_its_own_cancellation()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.Enqueue(EmulatorFault.SlowResponse(TimeSpan.FromHours(1)));
        using var giveUp = new CancellationTokenSource();

        var slow = client.GetAsync(new Uri("api/public/dock-status/ds-x", UriKind.Relative), giveUp.Token);
        // Giving up only once the server is inside the slow response: giving up earlier (on a busy machine the request
        // may not even have been read yet) would leave the fault queued for the patient request below.
        await Eventually.WaitUntilAsync(() => emulator.Faults.AppliedRequestFaultCount == 1, "the slow response's wait to begin");
        await giveUp.CancelAsync();

        await FluentActions.Awaiting(() => slow).Should().ThrowAsync<TaskCanceledException>()
            .Where(e => e.CancellationToken == giveUp.Token, "the client's own cancellation ends the call, not the server");
        using var patientClient = CreateClient(emulator);
        using var next = await StatusAsync(patientClient, "ds-x");
        next.StatusCode.Should().Be(HttpStatusCode.NotFound, "the emulator keeps serving after an abandoned request");
    }

    [Fact]
    public async Task An_aborted_connection_surfaces_as_a_transport_error()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.Enqueue(EmulatorFault.AbortConnection(), EmulatorEndpoint.DockStatus);

        var act = () => StatusAsync(client, "ds-x");

        await act.Should().ThrowAsync<HttpRequestException>();
        using var next = await StatusAsync(client, "ds-x");
        next.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(EmulatorEndpoint.Deploy)]
    [InlineData(EmulatorEndpoint.DockStatus)]
    public async Task Truncated_json_is_a_200_whose_body_does_not_parse_and_starts_no_job(EmulatorEndpoint endpoint)
    {
        await using var emulator = await StartAsync(options => options.JobDuration = TimeSpan.Zero);
        using var client = CreateClient(emulator);
        emulator.Faults.Enqueue(EmulatorFault.TruncatedJson(), endpoint);

        using var response = endpoint == EmulatorEndpoint.Deploy
            ? await DeployAsync(client, "cm-1", SampleOpenSourceBody)
            : await StatusAsync(client, "ds-x");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var text = await response.Content.ReadAsStringAsync();
        text.Should().StartWith("{\"");
        var parse = () => JsonDocument.Parse(text);
        parse.Should().Throw<JsonException>();
        emulator.GetDeployedModelIds().Should().BeEmpty();
    }

    [Fact]
    public async Task Queued_faults_apply_in_the_order_they_were_queued_and_clear_drops_the_rest()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.Enqueue(EmulatorFault.ServerError(500));
        emulator.Faults.Enqueue(EmulatorFault.ServerError(503), EmulatorEndpoint.DockStatus);
        emulator.Faults.Enqueue(EmulatorFault.ServerError(504), EmulatorEndpoint.DockStatus);

        using var first = await StatusAsync(client, "ds-x");
        using var second = await StatusAsync(client, "ds-x");
        emulator.Faults.Clear();
        emulator.Faults.FailNextJob("dropped by Clear");
        emulator.Faults.Clear();
        using var third = await StatusAsync(client, "ds-x");

        first.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        second.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        third.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public void Fault_factories_reject_values_outside_their_range()
    {
        var actions = new Action[]
        {
            () => EmulatorFault.ServerError(404),
            () => EmulatorFault.GatewayHtml(600),
            () => EmulatorFault.RateLimited(TimeSpan.FromSeconds(-1)),
            () => EmulatorFault.SlowResponse(TimeSpan.FromSeconds(-1)),
        };

        foreach (var action in actions)
        {
            action.Should().Throw<ArgumentOutOfRangeException>();
        }
    }

    [Fact]
    public async Task Enqueue_rejects_a_count_below_one()
    {
        await using var emulator = await StartAsync();

        var act = () => emulator.Faults.Enqueue(EmulatorFault.AbortConnection(), count: 0);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
