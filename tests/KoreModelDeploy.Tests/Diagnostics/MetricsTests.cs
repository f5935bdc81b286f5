using System.Net;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Diagnostics;

/// <summary>The instruments README's Observability section promises: names, units, tags and what they count.</summary>
public sealed class MetricsTests
{
    private const string RequestDuration = "kore.client.request.duration";
    private const string Retries = "kore.client.retries";
    private const string Polls = "kore.client.dock.polls";
    private const string WaitDuration = "kore.client.dock.wait.duration";

    [Fact]
    public async Task Each_http_attempt_records_its_duration_with_method_status_and_server()
    {
        using var recorder = new TelemetryRecorder();
        var scenario = new TelemetryScenario();
        scenario.AcceptDeploy();
        scenario.AnswerStatus(() => Responses.Status(404));

        await scenario.Client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);
        var act = () => scenario.Client.GetDockStatusAsync(TelemetryScenario.AcceptedId);
        await act.Should().ThrowAsync<KoreApiException>();

        var durations = recorder.Of(RequestDuration);
        durations.Should().HaveCount(2, "a 404 is not retried");
        durations.Should().OnlyContain(m => m.Unit == "s" && m.Value >= 0);
        durations.Should().OnlyContain(m => Equals(m.Tags["server.address"], "agent-platform.example.test"));

        var deploy = durations[0];
        deploy.Tags["kore.operation"].Should().Be("deploy");
        deploy.Tags["http.request.method"].Should().Be("POST");
        deploy.Tags["http.response.status_code"].Should().Be(200);
        deploy.Tags.Should().NotContainKey("error.type");

        var status = durations[1];
        status.Tags["kore.operation"].Should().Be("status");
        status.Tags["http.request.method"].Should().Be("GET");
        status.Tags["http.response.status_code"].Should().Be(404);
    }

    [Fact]
    public async Task An_attempt_without_an_answer_records_the_error_type_instead_of_a_status_code()
    {
        using var recorder = new TelemetryRecorder();
        using var http = new HttpClient(new ResetOnceHandler(TelemetryScenario.Status("IN_PROGRESS")));
        var client = new ModelDeploymentClient(http, TestClients.Options());

        await client.GetDockStatusAsync(TelemetryScenario.AcceptedId);

        var durations = recorder.Of(RequestDuration);
        durations.Should().HaveCount(2);
        durations[0].Tags.Should().NotContainKey("http.response.status_code");
        durations[0].Tags["error.type"].Should().Be(nameof(HttpRequestException));
        durations[1].Tags["http.response.status_code"].Should().Be(200);
    }

    [Fact]
    public async Task Retries_are_counted_by_operation()
    {
        using var recorder = new TelemetryRecorder();
        var scenario = new TelemetryScenario();
        scenario.AnswerStatus(() => Responses.Status(503), () => Responses.Status(502), () => TelemetryScenario.Status("IN_PROGRESS"));

        // Each retried poll takes its slot of the job's poll budget, a second after the last: simulated time moves on a
        // second at a time, so a moment wrongly taken for idle on a busy machine cannot jump to an attempt's timeout.
        await scenario.Clock.RunAsync(scenario.Client.GetDockStatusAsync(TelemetryScenario.AcceptedId), step: TimeSpan.FromSeconds(1));

        var retries = recorder.Of(Retries);
        retries.Sum(m => m.Value).Should().Be(2);
        retries.Should().OnlyContain(m => m.Unit == "{retry}" && Equals(m.Tags["kore.operation"], "status"));
        recorder.Of(RequestDuration).Select(m => m.Tags["http.response.status_code"]).Should().Equal(503, 502, 200);
    }

    [Fact]
    public async Task A_deploy_that_is_not_retried_counts_no_retry()
    {
        using var recorder = new TelemetryRecorder();
        var scenario = new TelemetryScenario();
        scenario.Mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(ResponseScript.Of(() => Responses.Status(503)));

        var act = () => scenario.Client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        await act.Should().ThrowAsync<KoreApiException>();
        recorder.Of(Retries).Should().BeEmpty("a 5xx after a POST went out is ambiguous and never retried");
        recorder.Of(RequestDuration).Should().ContainSingle().Which.Tags["http.response.status_code"].Should().Be(503);
    }

    [Fact]
    public async Task Polls_are_counted_by_outcome_and_the_wait_is_timed_to_its_final_status()
    {
        using var recorder = new TelemetryRecorder();
        var scenario = new TelemetryScenario();
        scenario.AcceptDeploy();
        scenario.AnswerStatus(() => TelemetryScenario.Status("IN_PROGRESS"), () => Responses.Status(503), () => TelemetryScenario.Status("SUCCESS"));

        var started = scenario.Clock.GetUtcNow();
        await scenario.DeployAndWaitAsync();
        var elapsed = scenario.Clock.GetUtcNow() - started;

        var polls = recorder.Of(Polls);
        polls.Should().OnlyContain(m => m.Unit == "{poll}" && m.Value == 1);
        polls.Select(m => m.Tags.TryGetValue("kore.dock_status.status", out var s) ? s : m.Tags["error.type"])
            .Should().Equal("IN_PROGRESS", "ServerError", "SUCCESS");

        var wait = recorder.Of(WaitDuration).Should().ContainSingle().Subject;
        wait.Unit.Should().Be("s");
        wait.Tags["kore.dock_status.status"].Should().Be("SUCCESS");
        elapsed.Should().BePositive("the virtual clock ran the poll delays");
        wait.Value.Should().BeApproximately(elapsed.TotalSeconds, 0.001);
    }

    [Fact]
    public async Task A_wait_for_a_failed_job_is_timed_with_the_failed_status()
    {
        using var recorder = new TelemetryRecorder();
        var scenario = new TelemetryScenario();
        scenario.AcceptDeploy();
        scenario.AnswerStatus(() => TelemetryScenario.Status("FAILED", "GPU quota exceeded"));

        var act = () => scenario.DeployAndWaitAsync();

        await act.Should().ThrowAsync<KoreJobFailedException>();
        recorder.Of(WaitDuration).Should().ContainSingle().Which.Tags["kore.dock_status.status"].Should().Be("FAILED");
        recorder.Of(Polls).Should().ContainSingle().Which.Tags["kore.dock_status.status"].Should().Be("FAILED");
    }

    /// <summary>
    /// Drops the first connection, as a server restarting would, then answers. MockHttp is not used here: a failed
    /// task from its responders never completes the request, so the attempt would end by timeout instead.
    /// </summary>
    private sealed class ResetOnceHandler(HttpResponseMessage answer) : HttpMessageHandler
    {
        private int _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1
                ? Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection reset by peer"))
                : Task.FromResult(answer);
    }
}
