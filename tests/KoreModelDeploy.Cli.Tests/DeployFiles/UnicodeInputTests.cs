using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.DeployFiles;

/// <summary>A lone surrogate in a deploy file or a <c>--set</c> value is an invalid request (exit 3), not an unexpected error.</summary>
public sealed class UnicodeInputTests
{
    [Fact]
    public async Task A_lone_surrogate_in_a_set_array_is_exit_3()
    {
        using var files = new TempDeployFiles();

        var run = await new ToolRunner().RunAsync("validate", "--file", files.Valid, "--set", "hyperParameters.stopSequence=[\"\\udc00\"]");

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.Error.Should().Contain("unpaired UTF-16 surrogate").And.NotContain("unexpected error");
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_deploy_file_with_overrides_is_exit_3()
    {
        using var files = new TempDeployFiles();
        var file = files.Write("lone.json", VendorSampleJson.OpenSourceRequest.Replace("\"Flant5_model\"", "\"\\ud800\"", StringComparison.Ordinal));

        var run = await new ToolRunner().RunAsync("validate", "--file", file, "--set", "hyperParameters.topK=40");

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.Error.Should().Contain("unpaired UTF-16 surrogate").And.Contain("line 2");
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_manifest_is_exit_3()
    {
        using var dir = new TempDirectory();
        var manifest = dir.File("kore.json");
        await File.WriteAllTextAsync(manifest, TestSupport.Manifests.For(new Uri("https://prod.example.test"), 1).Replace("model-01-deployment", "\\ud800", StringComparison.Ordinal));

        var run = await new ToolRunner().RunAsync("plan", "-f", manifest, "--env", "test");

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        run.Error.Should().Contain("unpaired UTF-16 surrogate").And.NotContain("unexpected error");
    }
}
