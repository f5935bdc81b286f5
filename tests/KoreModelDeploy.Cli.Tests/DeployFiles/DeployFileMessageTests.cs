using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.DeployFiles;

/// <summary>
/// Deploy files are read strictly by the tool: a misspelled member is refused with the closest known one (as
/// <c>--set</c> does), and every problem is said in the file's terms: path, 1-based line and column, never .NET's words.
/// </summary>
public sealed class DeployFileMessageTests
{
    private const string MisspelledScaling = """
        {
          "$schema": "../schemas/deploy-model-request.schema.json",
          "name": "flan",
          "hyperParameters": { "temperature": 1, "maxTokens": 512, "topP": 1, "topK": 50 },
          "scalingParameters": { "maxReplica": 4 },
          "devicetype": "g5.xlarge",
          "deviceType": "g5.xlarge"
        }
        """;

    [Fact]
    public async Task Validate_refuses_a_misspelled_member_naming_its_path_and_the_closest_known_one()
    {
        using var files = new TempDeployFiles();

        var run = await new ToolRunner().RunAsync("validate", "-f", files.Write("deploy.json", MisspelledScaling), "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.ViolationPaths.Should().Equal("$.scalingParameters.maxReplica", "$.devicetype");
        var messages = run.Json.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("message").GetString()).ToList();
        messages[0].Should().Contain("did you mean maxReplicas?").And.Contain("line 5, column 26");
        messages[1].Should().Contain("did you mean deviceType?");
        run.Out.Should().NotContain("$schema", "an editor's schema reference is always allowed");
    }

    [Fact]
    public async Task Deploy_sends_nothing_when_a_member_is_misspelled()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var files = new TempDeployFiles();
        var runner = ToolRunner.For(emulator.Host, EmulatorFixture.ApiKey);

        var run = await runner.RunAsync("deploy", "cm-1", "--type", "openSource", "-f", files.Write("deploy.json", MisspelledScaling));

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.Error.Should().Contain("$.scalingParameters.maxReplica");
        emulator.DeployPosts.Should().Be(0, "a setting the user believes made must not be silently dropped from what is sent");
    }

    [Fact]
    public async Task A_JSON_syntax_error_names_its_1_based_line_and_column()
    {
        using var files = new TempDeployFiles();
        var text = "{\n  \"name\": \"flan\",\n  \"deviceType\": \"g5.xlarge\"\n  \"hyperParameters\": {}\n}";

        var run = await new ToolRunner().RunAsync("validate", "-f", files.Write("deploy.json", text));

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.Error.Should().Contain("line 4, column 3").And.NotContain("LineNumber").And.NotContain("BytePositionInLine");
    }

    [Fact]
    public async Task A_missing_member_and_a_value_of_the_wrong_kind_are_said_without_NET_type_names()
    {
        using var files = new TempDeployFiles();
        var text = """
            {
              "name": "flan",
              "hyperParameters": { "temperature": 1, "maxTokens": "512", "topP": 1, "topK": 50 }
            }
            """;

        var run = await new ToolRunner().RunAsync("validate", "-f", files.Write("deploy.json", text), "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.ViolationPaths.Should().BeEquivalentTo(["$.hyperParameters.maxTokens", "$.deviceType"]);
        run.All.Should().Contain("must be a whole number, not text").And.Contain("is required");
        run.All.Should().NotContain("KoreModelDeploy.").And.NotContain("System.").And.NotContain("deserialization");
    }

    [Fact]
    public async Task Validate_given_a_manifest_says_that_a_manifest_is_checked_with_plan()
    {
        var manifest = Path.Combine(RepositoryRoot.Path, "samples", "kore.json");

        var run = await new ToolRunner().RunAsync("validate", "-f", manifest);

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.Error.Should().Contain("is a manifest").And.Contain("kore-deploy plan -f kore.json --env");
        run.Error.Should().NotContain("'/' is invalid");
    }
}
