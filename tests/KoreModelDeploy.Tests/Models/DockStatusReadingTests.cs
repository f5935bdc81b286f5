using System.Net;
using System.Text.Json;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Models;

/// <summary>Get Dock Status answers: documented, lower-cased, unknown, and carrying fields no page lists.</summary>
public class DockStatusReadingTests
{
    private static async Task<DockStatus> StatusAnswering(string json)
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, json)));
        return await TestClients.Create(mock).GetDockStatusAsync(TestIds.DockStatusId);
    }

    [Fact]
    public async Task Vendor_sample_is_read_field_by_field()
    {
        var status = await StatusAnswering("""{ "_id": "ds-c6xxxxx5-dxxd", "toolId": "a-123", "jobType": "TOOLS", "action": "DEPLOY", "status": "IN_PROGRESS" }""");

        status.Id.Should().Be("ds-c6xxxxx5-dxxd");
        status.ToolId.Should().Be("a-123");
        status.ModelId.Should().BeNull();
        status.JobType.Should().Be(DockJobType.Tools);
        status.Action.Should().Be(DockAction.Deploy);
        status.Status.Should().Be(DockJobStatus.InProgress);
        status.Status.IsTerminal.Should().BeFalse();
        status.AdditionalProperties.Should().BeEmpty();
        status.Message.Should().BeNull();
    }

    [Theory]
    [InlineData("SUCCESS", true)]
    [InlineData("success", true)]
    [InlineData("Failed", true)]
    [InlineData("in_progress", false)]
    [InlineData("QUEUED", false)]
    public async Task Status_matches_case_insensitively_and_only_success_and_failed_end_a_job(string wire, bool terminal)
    {
        var status = await StatusAnswering($$"""{"_id":"ds-1","status":"{{wire}}"}""");

        status.Status.ToString().Should().Be(wire, "the wire value is kept as sent");
        status.Status.IsTerminal.Should().Be(terminal);
    }

    [Fact]
    public async Task Lower_case_success_equals_the_documented_member()
    {
        var status = await StatusAnswering("""{"_id":"ds-1","status":"success"}""");

        (status.Status == DockJobStatus.Success).Should().BeTrue();
        status.Status.GetHashCode().Should().Be(DockJobStatus.Success.GetHashCode());
    }

    [Theory]
    [InlineData("SUCCESS", "SUCCESS", true)]
    [InlineData("\\u0053UCCESS", "SUCCESS", true)]
    [InlineData("success", "success", false)]
    [InlineData("SUCCESS ", "SUCCESS ", false)]
    [InlineData("SUCCES", "SUCCES", false)]
    public async Task Only_a_value_spelled_as_documented_is_documented_and_every_value_keeps_its_text(string wire, string text, bool documented)
    {
        var status = await StatusAnswering($$"""{"_id":"ds-1","jobType":"MODELS","action":"DEPLOY","status":"{{wire}}"}""");

        status.Status.ToString().Should().Be(text);
        status.Status.IsDocumented.Should().Be(documented);
        status.JobType.IsDocumented.Should().BeTrue();
        status.Action.IsDocumented.Should().BeTrue();
    }

    [Fact]
    public async Task Unknown_status_is_kept_and_not_terminal()
    {
        var status = await StatusAnswering("""{"_id":"ds-1","modelId":"cm-1","jobType":"MODELS","action":"UNDEPLOY","status":"QUEUED"}""");

        status.Status.Should().Be(new DockJobStatus("QUEUED"));
        status.Status.IsDocumented.Should().BeFalse();
        status.Status.IsTerminal.Should().BeFalse();
        status.Action.Should().Be(DockAction.Undeploy);
    }

    [Fact]
    public async Task Extra_fields_are_reachable_and_a_message_is_surfaced()
    {
        var status = await StatusAnswering("""{"_id":"ds-1","status":"FAILED","message":"GPU quota exceeded","retryable":false,"detail":{"zone":"us-east-1a"}}""");

        status.Message.Should().Be("GPU quota exceeded");
        status.AdditionalProperties.Keys.Should().BeEquivalentTo(["message", "retryable", "detail"]);
        status.AdditionalProperties["retryable"].ValueKind.Should().Be(JsonValueKind.False);
        status.AdditionalProperties["detail"].GetProperty("zone").GetString().Should().Be("us-east-1a");
    }

    [Fact]
    public async Task A_message_under_another_documented_key_is_found()
    {
        var status = await StatusAnswering("""{"_id":"ds-1","status":"FAILED","errorMessage":"image pull failed"}""");

        status.Message.Should().Be("image pull failed");
    }

    [Fact]
    public async Task Missing_id_falls_back_to_the_id_asked_for()
    {
        var status = await StatusAnswering("""{"status":"IN_PROGRESS"}""");

        status.Id.Should().Be(TestIds.DockStatusId);
    }

    [Fact]
    public void Factory_builds_a_status_whose_message_is_reachable()
    {
        var status = KoreModelFactory.DockStatus("ds-9", DockJobStatus.Failed, "cm-9", message: "out of memory");

        status.Message.Should().Be("out of memory");
        status.AdditionalProperties["message"].GetString().Should().Be("out of memory");
        status.JobType.Should().Be(DockJobType.Models);
        status.Status.IsTerminal.Should().BeTrue();
    }
}
