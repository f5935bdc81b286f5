namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>Each test project runs the suite against the SDK build it is named for, not whichever build MSBuild picked.</summary>
public class SdkBuildTests
{
    [Fact]
    public void The_suite_runs_against_the_build_its_project_is_named_for()
    {
        var testAssembly = typeof(SdkBuildTests).Assembly.GetName().Name!;

        var expected = testAssembly.EndsWith(".NetStandard", StringComparison.Ordinal) ? ".NETStandard,Version=v2.0" : ".NETCoreApp,Version=v10.0";

        SdkBuild.TargetFramework.Should().Be(expected, $"{testAssembly} tests that build");
    }
}
