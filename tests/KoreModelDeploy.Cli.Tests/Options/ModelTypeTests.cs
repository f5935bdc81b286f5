using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Options;

/// <summary><c>--type</c> takes the documented model types in any letter case and suggests one for a typo.</summary>
public sealed class ModelTypeTests
{
    [Theory]
    [InlineData("opensource")]
    [InlineData("OPENSOURCE")]
    [InlineData("openSource")]
    public async Task Any_letter_case_of_openSource_deploys_as_openSource(string type)
    {
        await using var session = await EmulatorSession.StartAsync();

        var run = await session.Runner.RunAsync(["deploy", "cm-1", "--type", type, "--file", session.Files.Valid, "-o", "json", .. EmulatorSession.FastPolling]);

        run.ExitCode.Should().Be(0, run.ToString());
    }

    [Fact]
    public async Task A_misspelled_type_is_refused_with_the_closest_documented_one()
    {
        using var files = new TempDeployFiles();

        var run = await new ToolRunner().RunAsync("deploy", "cm-1", "--type", "opensorce", "--file", files.Valid);

        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        run.Error.Should().Contain("did you mean openSource?");
    }
}
