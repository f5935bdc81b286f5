using System.Net;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Models;

/// <summary>The deploy answer in every shape the vendor's samples and tables disagree on.</summary>
public class DeployModelResponseTests
{
    private static async Task<DeployModelResponse> DeployAnswering(string json)
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, json)));
        return await TestClients.Create(mock).DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);
    }

    [Fact]
    public async Task Id_is_read_from_the_samples_dashed_key()
    {
        var response = await DeployAnswering("""{"dock-statusId":"ds-dashed","modelId":"cm-1","jobType":"MODELS","action":"DEPLOY","status":"IN_PROGRESS"}""");

        response.DockStatusId.Should().Be("ds-dashed");
    }

    [Fact]
    public async Task Id_is_read_from_the_tables_camel_case_key()
    {
        var response = await DeployAnswering("""{"dockStatusId":"ds-camel","modelId":"cm-1","jobType":"MODELS","action":"DEPLOY","status":"IN_PROGRESS"}""");

        response.DockStatusId.Should().Be("ds-camel");
        response.ModelId.Should().Be("cm-1");
        response.Status.Should().Be(DockJobStatus.InProgress);
    }

    [Fact]
    public async Task Guardrail_is_read_as_the_model_id_when_model_id_is_absent()
    {
        var response = await DeployAnswering("""{"dock-statusId":"ds-1","guardrail":"cm-from-guardrail","jobType":"MODELS","action":"DEPLOY","status":"IN_PROGRESS"}""");

        response.ModelId.Should().Be("cm-from-guardrail");
    }

    [Fact]
    public async Task Model_id_wins_over_guardrail_when_both_are_present()
    {
        var response = await DeployAnswering("""{"dock-statusId":"ds-1","modelId":"cm-model","guardrail":"cm-guardrail","status":"IN_PROGRESS"}""");

        response.ModelId.Should().Be("cm-model");
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        var response = await DeployAnswering("""
            {"createdAt":"2026-11-27T08:00:00Z","dock-statusId":"ds-1","nested":{"a":[1,2,{"b":null}]},"modelId":"cm-1","status":"IN_PROGRESS","count":3,"flag":true}
            """);

        response.DockStatusId.Should().Be("ds-1");
        response.ModelId.Should().Be("cm-1");
    }

    [Fact]
    public async Task Unknown_status_is_kept_and_is_not_terminal()
    {
        var response = await DeployAnswering("""{"dock-statusId":"ds-1","status":"QUEUED","jobType":"MODELS","action":"DEPLOY"}""");

        response.Status.ToString().Should().Be("QUEUED");
        response.Status.IsDocumented.Should().BeFalse();
        response.Status.IsTerminal.Should().BeFalse();
        response.Status.Should().Be(new DockJobStatus("queued"), "values compare case-insensitively");
    }
}
