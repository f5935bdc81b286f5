using System.Diagnostics;
using System.Net;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Diagnostics;

/// <summary>The spans README's Observability section promises: names, tags, parents and error status.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task A_deploy_span_names_the_model_and_the_job_it_started()
    {
        using var recorder = new TelemetryRecorder();
        var scenario = new TelemetryScenario();
        scenario.AcceptDeploy();

        await scenario.Client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        var span = recorder.Span("Kore deploy");
        span.Kind.Should().Be(ActivityKind.Client);
        span.Status.Should().Be(ActivityStatusCode.Unset);
        span.GetTagItem("kore.operation").Should().Be("deploy");
        span.GetTagItem("kore.model.id").Should().Be(TestIds.ModelId);
        span.GetTagItem("kore.model.type").Should().Be("openSource");
        span.GetTagItem("kore.dock_status.id").Should().Be(TelemetryScenario.AcceptedId);
        span.GetTagItem("kore.dock_status.status").Should().Be("IN_PROGRESS");
        span.GetTagItem("error.type").Should().BeNull();
    }

    [Fact]
    public async Task An_undeploy_span_names_the_model_but_no_model_type()
    {
        using var recorder = new TelemetryRecorder();
        var scenario = new TelemetryScenario();
        scenario.Mock.When(HttpMethod.Post, TestClients.UndeployUrl).Respond(ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK,
            """{"dock-statusId":"ds-undeploy","modelId":"cm-0123456789abcdef","jobType":"MODELS","action":"UNDEPLOY","status":"IN_PROGRESS"}""")));

        await scenario.Client.UndeployAsync(TestIds.ModelId);

        var span = recorder.Span("Kore undeploy");
        span.GetTagItem("kore.operation").Should().Be("undeploy");
        span.GetTagItem("kore.model.id").Should().Be(TestIds.ModelId);
        span.GetTagItem("kore.model.type").Should().BeNull();
        span.GetTagItem("kore.dock_status.id").Should().Be("ds-undeploy");
        span.Status.Should().Be(ActivityStatusCode.Unset);
    }

    [Fact]
    public async Task A_failed_status_call_marks_its_span_as_an_error_with_the_error_kind()
    {
        using var recorder = new TelemetryRecorder();
        var scenario = new TelemetryScenario();
        scenario.AnswerStatus(() => Responses.Json(HttpStatusCode.NotFound, """{"errors":[{"msg":"Not found","code":404}]}"""));

        var act = () => scenario.Client.GetDockStatusAsync(TelemetryScenario.AcceptedId);

        (await act.Should().ThrowAsync<KoreApiException>()).Which.Kind.Should().Be(KoreErrorKind.NotFound);
        var span = recorder.Span("Kore status");
        span.Status.Should().Be(ActivityStatusCode.Error);
        span.GetTagItem("error.type").Should().Be("NotFound");
        span.GetTagItem("kore.operation").Should().Be("status");
        span.GetTagItem("kore.dock_status.id").Should().Be(TelemetryScenario.AcceptedId);
        span.GetTagItem("kore.dock_status.status").Should().BeNull("no status was read");
    }

    [Fact]
    public async Task A_deploy_refused_by_the_service_marks_its_span_as_an_error()
    {
        using var recorder = new TelemetryRecorder();
        var scenario = new TelemetryScenario();
        scenario.Mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(ResponseScript.Of(() => Responses.Status(401)));

        var act = () => scenario.Client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        await act.Should().ThrowAsync<KoreApiException>();
        var span = recorder.Span("Kore deploy");
        span.Status.Should().Be(ActivityStatusCode.Error);
        span.GetTagItem("error.type").Should().Be("Authentication");
        span.GetTagItem("kore.dock_status.id").Should().BeNull();
    }

    [Fact]
    public async Task A_wait_span_counts_its_polls_and_parents_each_status_span()
    {
        using var recorder = new TelemetryRecorder();
        var scenario = new TelemetryScenario();
        scenario.AcceptDeploy();
        scenario.AnswerStatus(() => TelemetryScenario.Status("IN_PROGRESS"), () => TelemetryScenario.Status("SUCCESS"));

        var final = await scenario.DeployAndWaitAsync();

        final.Status.Should().Be(DockJobStatus.Success);
        var wait = recorder.Span("Kore wait");
        wait.GetTagItem("kore.operation").Should().Be("wait");
        wait.GetTagItem("kore.dock_status.id").Should().Be(TelemetryScenario.AcceptedId);
        wait.GetTagItem("kore.dock_status.status").Should().Be("SUCCESS");
        wait.GetTagItem("kore.poll.count").Should().Be(2);
        wait.Status.Should().Be(ActivityStatusCode.Unset);

        var polls = recorder.Spans.Where(s => s.DisplayName == "Kore status").ToList();
        polls.Should().HaveCount(2);
        polls.Should().OnlyContain(s => s.ParentSpanId == wait.SpanId);
        polls.Select(s => s.GetTagItem("kore.dock_status.status")).Should().Equal("IN_PROGRESS", "SUCCESS");
        recorder.Span("Kore deploy").ParentSpanId.Should().NotBe(wait.SpanId, "the deploy call ends before the wait starts");
    }

    [Fact]
    public async Task A_wait_for_a_failed_job_is_an_error_span_with_the_final_status()
    {
        using var recorder = new TelemetryRecorder();
        var scenario = new TelemetryScenario();
        scenario.AcceptDeploy();
        scenario.AnswerStatus(() => TelemetryScenario.Status("FAILED", "GPU quota exceeded"));

        var act = () => scenario.DeployAndWaitAsync();

        await act.Should().ThrowAsync<KoreJobFailedException>();
        var wait = recorder.Span("Kore wait");
        wait.Status.Should().Be(ActivityStatusCode.Error);
        wait.GetTagItem("error.type").Should().Be(nameof(KoreJobFailedException));
        wait.GetTagItem("kore.dock_status.status").Should().Be("FAILED");
        wait.GetTagItem("kore.poll.count").Should().Be(1);
        recorder.Span("Kore status").Status.Should().Be(ActivityStatusCode.Unset, "reading a FAILED status is a successful call");
    }

    [Fact]
    public async Task No_span_carries_the_api_key()
    {
        using var recorder = new TelemetryRecorder();
        var scenario = new TelemetryScenario();
        scenario.AcceptDeploy();
        scenario.AnswerStatus(() => Responses.Status(503), () => TelemetryScenario.Status("SUCCESS"));

        await scenario.DeployAndWaitAsync();

        recorder.Spans.Should().HaveCountGreaterThanOrEqualTo(4);
        var text = string.Join("\n", recorder.Spans.SelectMany(s => s.TagObjects).Select(t => $"{t.Key}={t.Value}"));
        text.Should().NotContain(TestClients.ApiKey);
        text.Should().Contain("error.type=ServerError", "the absorbed 503 is on the first poll's span");
    }
}
