using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Configuration;

/// <summary>Every missing or unusable setting and every broken rule is named in one run: exit 7 when any is configuration, else 3.</summary>
public sealed class SettingsInOneRunTests
{
    private const string InvalidRequest = """{"name":"m","hyperParameters":{"temperature":1,"maxTokens":512,"topP":1,"topK":500},"deviceType":"g5.xlarge"}""";

    [Fact]
    public async Task A_missing_key_and_a_missing_host_are_named_together()
    {
        using var files = new TempDeployFiles();

        var run = await new ToolRunner().RunAsync("deploy", "cm-1", "--type", "openSource", "--file", files.Valid, "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.Error.Should().Contain("KORE_API_KEY").And.Contain("KORE_HOST");
        run.ViolationPaths.Should().Equal("configuration", "configuration");
    }

    [Fact]
    public async Task Missing_settings_and_broken_rules_are_named_together_and_exit_7()
    {
        using var files = new TempDeployFiles();

        var run = await new ToolRunner().RunAsync("deploy", "cm-1", "--type", "openSource", "--file", files.Write("bad.json", InvalidRequest), "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.ViolationPaths.Should().Equal("configuration", "configuration", "hyperParameters.topK");
    }

    [Fact]
    public async Task Broken_rules_alone_exit_3()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var files = new TempDeployFiles();

        var run = await ToolRunner.For(emulator.Host, EmulatorFixture.ApiKey).RunAsync("deploy", "cm-1", "--type", "openSource", "--file", files.Write("bad.json", InvalidRequest));

        run.ExitCode.Should().Be(ExitCodes.InvalidRequest, run.ToString());
        emulator.DeployPosts.Should().Be(0);
    }

    [Fact]
    public async Task Apply_names_a_missing_key_with_the_manifest_s_problems()
    {
        using var dir = new TempDirectory();
        var manifest = dir.File("kore.json");
        await File.WriteAllTextAsync(manifest, """{"environments":{"test":{"host":"http://127.0.0.1:1/"}},"models":[{"modelId":"m","modelType":"openSource","request":{"name":"m"}}]}""");

        var run = await new ToolRunner().RunAsync("apply", "-f", manifest, "--env", "test", "--init", "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.Error.Should().Contain("KORE_API_KEY").And.Contain("deviceType");
    }
}
