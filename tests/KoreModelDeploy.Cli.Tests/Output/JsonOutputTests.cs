using System.Text.Json;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Emulator;

namespace KoreModelDeploy.Cli.Tests.Output;

/// <summary><c>-o json</c>: one JSON object on stdout, nothing else there, with the documented fields.</summary>
public sealed class JsonOutputTests
{
    [Fact]
    public async Task A_deploy_is_one_object_with_the_job_fields()
    {
        await using var session = await EmulatorSession.StartAsync();

        var run = await session.DeployAsync("-o", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        var json = run.Json;
        json.GetProperty("command").GetString().Should().Be("deploy");
        json.GetProperty("modelId").GetString().Should().Be("cm-test");
        json.GetProperty("dockStatusId").GetString().Should().StartWith("ds-");
        json.GetProperty("action").GetString().Should().Be("DEPLOY");
        json.GetProperty("status").GetString().Should().Be("SUCCESS");
        json.GetProperty("elapsedSeconds").GetDouble().Should().BeGreaterThan(0);
        json.GetProperty("exitCode").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task A_failed_job_carries_the_vendor_message()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.Faults.FailNextJob("GPU quota exceeded");

        var run = await session.DeployAsync("-o", "json");

        run.ExitCode.Should().Be(ExitCodes.JobFailed);
        run.Json.GetProperty("status").GetString().Should().Be("FAILED");
        run.Json.GetProperty("message").GetString().Should().Be("GPU quota exceeded");
        run.Json.GetProperty("exitCode").GetInt32().Should().Be(ExitCodes.JobFailed);
    }

    [Fact]
    public async Task A_validation_failure_lists_every_violation_with_path_and_message()
    {
        using var files = new TempDeployFiles();
        var file = files.Write("bad.json", VendorSampleJson.OpenSourceRequest.Replace("\"topK\": 50", "\"topK\": 0").Replace("\"minReplicas\": 1", "\"minReplicas\": 5"));

        var run = await new ToolRunner().RunAsync("validate", "--file", file, "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest);
        run.Json.GetProperty("valid").GetBoolean().Should().BeFalse();
        var violations = run.Json.GetProperty("violations").EnumerateArray()
            .Select(v => (v.GetProperty("path").GetString(), v.GetProperty("message").GetString())).ToList();
        violations.Should().Equal(
            ("hyperParameters.topK", "must be between 1 and 100 (inclusive)"),
            ("scalingParameters.minReplicas", "must not be greater than scalingParameters.maxReplicas (2)"));
    }

    [Fact]
    public async Task A_valid_file_is_valid_with_no_violations()
    {
        using var files = new TempDeployFiles();

        var run = await new ToolRunner().RunAsync("validate", "--file", files.Valid, "-o", "json");

        run.ExitCode.Should().Be(0);
        run.Json.GetProperty("valid").GetBoolean().Should().BeTrue();
        run.Json.GetProperty("violations").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task An_API_error_carries_its_kind_status_and_whether_the_request_may_have_been_processed()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.Faults.Enqueue(EmulatorFault.ServerError(500), EmulatorEndpoint.Deploy);

        var run = await session.DeployAsync("-o", "json");

        run.ExitCode.Should().Be(ExitCodes.ApiError, run.ToString());
        var error = run.Json.GetProperty("error");
        error.GetProperty("kind").GetString().Should().Be("ServerError");
        error.GetProperty("status").GetInt32().Should().Be(500);
        error.GetProperty("requestMayHaveBeenProcessed").GetBoolean().Should().BeTrue();
        run.Error.Should().Contain("may have started");
    }

    [Fact]
    public async Task An_authentication_error_says_the_request_was_not_processed()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Runner.Environment["KORE_API_KEY"] = "kg-wrong-key";

        var run = await session.Runner.RunAsync("status", "ds-1", "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.Authentication);
        var error = run.Json.GetProperty("error");
        error.GetProperty("kind").GetString().Should().Be("Authentication");
        error.GetProperty("status").GetInt32().Should().Be(401);
        error.GetProperty("requestMayHaveBeenProcessed").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_timeout_carries_the_id_and_the_resume_command()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.Faults.NeverCompleteNextJob();

        var run = await session.DeployAsync("-o", "json", "--timeout", "1s");

        run.ExitCode.Should().Be(ExitCodes.WaitTimedOut);
        var id = run.Json.GetProperty("dockStatusId").GetString();
        run.Json.GetProperty("status").GetString().Should().Be("IN_PROGRESS");
        run.Json.GetProperty("resumeCommand").GetString().Should().Be("kore-deploy wait " + id);
    }

    [Fact]
    public async Task Status_reads_one_object_too()
    {
        await using var session = await EmulatorSession.StartAsync();
        var id = (await session.DeployAsync("--no-wait")).Out.Trim();

        var run = await session.Runner.RunAsync("status", id, "-o", "json");

        run.ExitCode.Should().Be(0);
        run.Json.GetProperty("dockStatusId").GetString().Should().Be(id);
        run.Json.GetProperty("modelId").GetString().Should().Be("cm-test");
        run.Json.GetProperty("status").ValueKind.Should().Be(JsonValueKind.String);
    }
}
