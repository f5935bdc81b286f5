using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Emulator;

namespace KoreModelDeploy.Cli.Tests.EndToEnd;

/// <summary>Each exit code of README's table, produced by the real tool against the emulator.</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public async Task Deploy_waits_for_SUCCESS_exits_0_and_prints_only_the_id_on_stdout()
    {
        await using var session = await EmulatorSession.StartAsync();

        var run = await session.DeployAsync();

        run.ExitCode.Should().Be(ExitCodes.Success, run.ToString());
        var id = run.Out.Trim();
        id.Should().StartWith("ds-").And.NotContain("\n");
        run.Error.Should().Contain("deploy cm-test: SUCCESS");
        session.Emulator.GetDeployedModelIds().Should().Contain("cm-test");
        session.Emulator.GetRequestCount(EmulatorEndpoint.Deploy).Should().Be(1);
    }

    [Fact]
    public async Task No_wait_prints_the_id_and_wait_then_status_follow_it_from_that_id()
    {
        await using var session = await EmulatorSession.StartAsync();

        var started = await session.DeployAsync("--no-wait");
        started.ExitCode.Should().Be(0, started.ToString());
        var id = started.Out.Trim();
        started.Error.Should().Contain("kore-deploy wait " + id);
        session.Emulator.GetRequestCount(EmulatorEndpoint.DockStatus).Should().Be(0, "--no-wait does not poll");

        var waited = await session.Runner.RunAsync(["wait", id, .. EmulatorSession.FastPolling]);
        waited.ExitCode.Should().Be(0, waited.ToString());
        waited.Out.Trim().Should().Be("SUCCESS");

        var status = await session.Runner.RunAsync("status", id);
        status.ExitCode.Should().Be(0, status.ToString());
        status.Out.Trim().Should().Be("SUCCESS");
    }

    [Fact]
    public async Task Undeploy_waits_for_SUCCESS()
    {
        await using var session = await EmulatorSession.StartAsync();
        (await session.DeployAsync()).ExitCode.Should().Be(0);

        var run = await session.Runner.RunAsync(["undeploy", "cm-test", .. EmulatorSession.FastPolling]);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Error.Should().Contain("undeploy cm-test: SUCCESS");
        session.Emulator.GetDeployedModelIds().Should().NotContain("cm-test");
    }

    [Fact]
    public async Task A_FAILED_job_exits_2_with_the_vendor_message_and_status_still_exits_0_reading_it()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.Faults.FailNextJob("GPU quota exceeded");

        var run = await session.DeployAsync();

        run.ExitCode.Should().Be(ExitCodes.JobFailed, run.ToString());
        run.Error.Should().Contain("FAILED: GPU quota exceeded");
        var id = run.Out.Trim();

        var status = await session.Runner.RunAsync("status", id);
        status.ExitCode.Should().Be(ExitCodes.Success, "status exits 0 whenever it read a status");
        status.Out.Trim().Should().Be("FAILED");
        status.Error.Should().Contain("GPU quota exceeded");
    }

    [Fact]
    public async Task An_invalid_request_exits_3_naming_every_violation_and_sends_nothing()
    {
        await using var session = await EmulatorSession.StartAsync();
        var file = session.Files.Write("bad.json", VendorSampleJson.OpenSourceRequest.Replace("\"topK\": 50", "\"topK\": 0").Replace("g5.xlarge", "p5.48xlarge"));

        var run = await session.Runner.RunAsync(["deploy", "cm-test", "--type", "openSource", "--file", file, .. EmulatorSession.FastPolling]);

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.Error.Should().Contain("hyperParameters.topK = 0: must be between 1 and 100").And.Contain("deviceType = \"p5.48xlarge\"");
        session.Emulator.GetRequestCount(EmulatorEndpoint.Any).Should().Be(0, "nothing is sent");
    }

    [Fact]
    public async Task A_refused_key_exits_4()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Runner.Environment["KORE_API_KEY"] = "kg-wrong-key";

        var run = await session.DeployAsync();

        run.ExitCode.Should().Be(ExitCodes.Authentication, run.ToString());
        run.Error.Should().Contain("401");
    }

    [Fact]
    public async Task Another_API_error_exits_5()
    {
        await using var session = await EmulatorSession.StartAsync();

        var run = await session.Runner.RunAsync("status", "ds-does-not-exist");

        run.ExitCode.Should().Be(ExitCodes.ApiError, run.ToString());
        run.Error.Should().Contain("404");
    }

    [Fact]
    public async Task A_wait_that_times_out_exits_6_and_prints_the_id_and_the_resume_command()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.Faults.NeverCompleteNextJob();

        var run = await session.DeployAsync("--timeout", "1s");

        run.ExitCode.Should().Be(ExitCodes.WaitTimedOut, run.ToString());
        var id = run.Out.Trim();
        id.Should().StartWith("ds-");
        run.Error.Should().Contain("resume with: kore-deploy wait " + id);
    }

    [Theory]
    [InlineData("KORE_API_KEY", "no API key")]
    [InlineData("KORE_HOST", "no host")]
    public async Task A_missing_host_or_key_exits_7_naming_it(string unset, string named)
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Runner.Environment.Remove(unset);

        var run = await session.DeployAsync();

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.Error.Should().Contain(named);
        session.Emulator.GetRequestCount(EmulatorEndpoint.Any).Should().Be(0);
    }

    [Theory]
    [InlineData("s3cret-pass", "the host (--host or KORE_HOST) is not an absolute URL")]
    [InlineData("https://ops:s3cret-pass@kore example.com", "the host (--host or KORE_HOST) is not an absolute URL")]
    [InlineData("https://kore.example.com:443x/?key=s3cret-pass", "the host (--host or KORE_HOST) is not an absolute URL")]
    [InlineData("https://ops:s3cret-pass@kore.example.com/?key=s3cret-pass", "the host (--host or KORE_HOST) must not contain credentials, a query or a fragment.")]
    public async Task A_host_that_cannot_be_used_exits_7_without_repeating_credentials(string hostText, string said)
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Runner.Environment["KORE_HOST"] = hostText;

        var run = await session.DeployAsync();

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.Error.Should().Contain(said).And.NotContain("s3cret").And.NotContain("(Parameter");
        session.Emulator.GetRequestCount(EmulatorEndpoint.Any).Should().Be(0);
    }

    [Fact]
    public async Task An_unreadable_deploy_file_exits_7()
    {
        await using var session = await EmulatorSession.StartAsync();

        var run = await session.Runner.RunAsync("validate", "--file", session.Files.PathOf("missing.json"));

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.Error.Should().Contain("cannot read the deploy file").And.Contain("missing.json");
    }

    [Fact]
    public async Task Validate_exits_0_for_a_valid_file_and_3_for_an_invalid_one_without_any_network()
    {
        using var files = new TempDeployFiles();
        var runner = new ToolRunner();

        var valid = await runner.RunAsync("validate", "--file", files.Valid);
        var invalid = await runner.RunAsync("validate", "--file", files.Write("bad.json", VendorSampleJson.OpenSourceRequest.Replace("\"maxTokens\": 512", "\"maxTokens\": 600")));

        valid.ExitCode.Should().Be(0, valid.ToString());
        invalid.ExitCode.Should().Be(ExitCodes.InvalidRequest, invalid.ToString());
        invalid.Error.Should().Contain("hyperParameters.maxTokens = 600");
    }
}
