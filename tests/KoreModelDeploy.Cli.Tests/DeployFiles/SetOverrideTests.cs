using System.Text.Json.Nodes;
using KoreModelDeploy.Cli.DeployFiles;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Tests.DeployFiles;

/// <summary><c>--set path=value</c>: typed by the field, validated with the rest, every bad one named.</summary>
public sealed class SetOverrideTests
{
    private static DeployModelRequest Apply(params string[] overrides) =>
        KoreModelDeployJson.ParseDeployModelRequest(DeployFileReader.ApplyOverrides(VendorSampleJson.OpenSourceRequest, overrides));

    [Fact]
    public void Values_are_typed_by_the_field()
    {
        var request = Apply(
            "hyperParameters.topK=40",
            "hyperParameters.temperature=0.7",
            "name=123",
            "scalingParameters.maxReplicas=4",
            "hyperParameters.stopSequence=[\"###\",\"END\"]",
            "isDeployedPreviously=false",
            "deviceType=g6e.xlarge");

        request.HyperParameters.TopK.Should().Be(40);
        request.HyperParameters.Temperature.Should().Be(0.7);
        request.Name.Should().Be("123", "a string field keeps digits as text");
        request.ScalingParameters!.MaxReplicas.Should().Be(4);
        request.HyperParameters.StopSequence.Should().Equal("###", "END");
        request.IsDeployedPreviously.Should().BeFalse("the set spelling replaces the file's older one");
        request.DeviceType.Should().Be(DeviceType.G6eXLarge);
    }

    [Fact]
    public void An_empty_value_sets_an_empty_string_and_the_value_may_contain_equals()
    {
        var request = Apply("optimizationInfo.optimizationType=", "name=a=b");

        request.OptimizationInfo!.OptimizationType!.Value.ToString().Should().BeEmpty();
        request.Name.Should().Be("a=b");
    }

    [Fact]
    public void A_parent_the_file_leaves_out_is_created()
    {
        var file = JsonNode.Parse(VendorSampleJson.OpenSourceRequest)!.AsObject();
        file.Remove("scalingParameters");

        var request = KoreModelDeployJson.ParseDeployModelRequest(DeployFileReader.ApplyOverrides(file.ToJsonString(), ["scalingParameters.minReplicas=2"]));

        request.ScalingParameters!.MinReplicas.Should().Be(2);
    }

    [Theory]
    [InlineData("hyperParameters.topK=forty", "hyperParameters.topK", "must be a whole number")]
    [InlineData("hyperParameters.topK=4.5", "hyperParameters.topK", "must be a whole number")]
    [InlineData("hyperParameters.temperature=warm", "hyperParameters.temperature", "must be a number")]
    [InlineData("hyperParameters.temperature=NaN", "hyperParameters.temperature", "must be a number")]
    [InlineData("hyperParameters.maxTokens=", "hyperParameters.maxTokens", "must be a whole number")]
    [InlineData("isDeployedPreviously=yes", "isDeployedPreviously", "must be true or false")]
    [InlineData("hyperParameters.stopSequence=###", "hyperParameters.stopSequence", "JSON array of strings")]
    [InlineData("hyperParameters.stopSequence=[1]", "hyperParameters.stopSequence", "JSON array of strings")]
    [InlineData("hyperParameters.topk=40", "hyperParameters.topk", "did you mean hyperParameters.topK?")]
    [InlineData("replicas=2", "replicas", "is not a field of a deploy request")]
    [InlineData("topK", "--set", "must be path=value")]
    public void A_wrong_type_or_path_is_a_violation_naming_it(string setting, string path, string message)
    {
        var act = () => Apply(setting);

        var error = act.Should().ThrowExactly<KoreValidationException>().Which.Errors.Should().ContainSingle().Subject;
        error.Path.Should().Be(path);
        error.Message.Should().Contain(message);
    }

    [Fact]
    public void Every_bad_override_is_reported_at_once()
    {
        var act = () => Apply("hyperParameters.topK=x", "nope=1", "hyperParameters.topP=0.5");

        act.Should().ThrowExactly<KoreValidationException>().Which.Errors.Select(e => e.Path)
            .Should().BeEquivalentTo("hyperParameters.topK", "nope");
    }

    [Fact]
    public void Every_settable_path_reaches_the_SDK_request()
    {
        var full = KoreModelDeployJson.Serialize(Apply("isDeployedPreviously=true"));
        var leaves = new List<string>();
        Collect(JsonNode.Parse(full)!, string.Empty, leaves);

        leaves.Should().BeEquivalentTo(DeployRequestFields.All.Keys, "the --set table and the SDK's request have the same fields");
    }

    [Fact]
    public async Task On_the_command_line_a_wrong_type_exits_3_and_sends_nothing()
    {
        await using var session = await EmulatorSession.StartAsync();

        var run = await session.DeployAsync("--set", "hyperParameters.topK=forty", "--set", "scalingParameters.replicas=2", "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.ViolationPaths.Should().Equal("scalingParameters.replicas", "hyperParameters.topK");
        session.Emulator.GetRequestCount(EmulatorEndpoint.Any).Should().Be(0);
    }

    [Fact]
    public async Task An_override_is_validated_with_the_rest_of_the_file()
    {
        using var files = new TempDeployFiles();
        var runner = new ToolRunner();

        var outOfRange = await runner.RunAsync("validate", "--file", files.Valid, "--set", "hyperParameters.topK=400");
        var blank = await runner.RunAsync("validate", "--file", files.Valid, "--set", "name=");
        var fixedUp = await runner.RunAsync("validate", "--file", files.Write("bad.json", VendorSampleJson.OpenSourceRequest.Replace("\"topK\": 50", "\"topK\": 0")), "--set", "hyperParameters.topK=40");

        outOfRange.ExitCode.Should().Be(ExitCodes.InvalidRequest);
        outOfRange.Error.Should().Contain("hyperParameters.topK = 400: must be between 1 and 100");
        blank.ExitCode.Should().Be(ExitCodes.InvalidRequest);
        blank.Error.Should().Contain("name = \"\": must not be blank");
        fixedUp.ExitCode.Should().Be(0, "the override replaces the file's value: one file serves several environments");
    }

    [Fact]
    public async Task A_refused_override_does_not_hide_the_rules_the_rest_of_the_request_breaks()
    {
        using var files = new TempDeployFiles();
        var runner = new ToolRunner();

        var run = await runner.RunAsync(
            "validate", "--file", files.Valid, "--set", "scalingParameters.maxReplicas=two", "--set", "hyperParameters.maxTokens=600", "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.ViolationPaths.Should().Equal(["scalingParameters.maxReplicas", "hyperParameters.maxTokens"], "the wrong type and the broken range are both named in one run");
        run.Error.Should().Contain("hyperParameters.maxTokens = 600");
    }

    [Fact]
    public async Task The_file_value_under_a_refused_override_is_not_reported_as_well()
    {
        using var files = new TempDeployFiles();
        var bad = files.Write("bad.json", VendorSampleJson.OpenSourceRequest.Replace("\"topK\": 50", "\"topK\": 0"));
        var runner = new ToolRunner();

        var run = await runner.RunAsync("validate", "--file", bad, "--set", "hyperParameters.topK=forty", "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.ViolationPaths.Should().Equal(["hyperParameters.topK"], "the override meant to replace the file's 0; only its own error is named");
    }

    [Fact]
    public async Task A_rule_spanning_fields_never_quotes_the_value_a_refused_override_meant_to_replace()
    {
        using var files = new TempDeployFiles();
        var runner = new ToolRunner();

        var run = await runner.RunAsync(
            "validate", "--file", files.Valid, "--set", "scalingParameters.minReplicas=4", "--set", "scalingParameters.maxReplicas=five", "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.ViolationPaths.Should().Equal("scalingParameters.maxReplicas");
        run.Error.Should().NotContain("maxReplicas (2)", "the file's 2 is what the refused override was to replace");
    }

    [Fact]
    public async Task A_file_the_SDK_refuses_is_refused_with_overrides_too()
    {
        using var files = new TempDeployFiles();
        var repeated = files.Write("repeated.json", VendorSampleJson.OpenSourceRequest.Replace("\"name\": \"Flant5_model\",", "\"name\": \"a\", \"name\": \"b\","));
        var runner = new ToolRunner();

        var plain = await runner.RunAsync("validate", "--file", repeated, "-o", "json");
        var overridden = await runner.RunAsync("validate", "--file", repeated, "--set", "hyperParameters.topK=40", "-o", "json");

        plain.ExitCode.Should().Be(ExitCodes.InvalidRequest, plain.ToString());
        overridden.ExitCode.Should().Be(ExitCodes.InvalidRequest, overridden.ToString());
        overridden.Json.GetProperty("violations").ToString().Should().Be(plain.Json.GetProperty("violations").ToString());
    }

    [Fact]
    public void Repeated_fields_are_a_violation_when_overrides_are_applied()
    {
        var act = () => DeployFileReader.ApplyOverrides("{\"name\": \"a\", \"name\": \"b\"}", ["hyperParameters.topK=40"]);

        act.Should().ThrowExactly<KoreValidationException>();
    }

    private static void Collect(JsonNode node, string path, List<string> leaves)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj)
            {
                Collect(child!, path.Length == 0 ? name : path + "." + name, leaves);
            }
        }
        else
        {
            leaves.Add(path);
        }
    }
}
