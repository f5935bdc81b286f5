using System.Reflection;
using System.Runtime.Versioning;

namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>
/// Which build of the SDK the suite runs against: KoreModelDeploy.Tests tests the net10.0 build, and
/// KoreModelDeploy.Tests.NetStandard compiles the same tests against the netstandard2.0 build.
/// </summary>
public static class SdkBuild
{
    /// <summary>The SDK assembly's target framework, as its build recorded it (".NETStandard,Version=v2.0", say).</summary>
    public static string TargetFramework { get; } =
        typeof(ModelDeploymentClient).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName ?? "(unknown)";

    public static bool IsNetStandard => TargetFramework.StartsWith(".NETStandard", StringComparison.Ordinal);

    /// <summary>The skip text for a test the netstandard2.0 build cannot pass, with its reason; null on the net10.0 build.</summary>
    public static string? SkipOnNetStandard(string reason) => IsNetStandard ? "Not run against the netstandard2.0 build: " + reason : null;
}

/// <summary>A fact that runs against the net10.0 build only; against the netstandard2.0 build it is reported as skipped, with its reason.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NetBuildFactAttribute : FactAttribute
{
    public NetBuildFactAttribute(string reasonNotOnNetStandard) => Skip = SdkBuild.SkipOnNetStandard(reasonNotOnNetStandard);
}

/// <summary>A theory that runs against the net10.0 build only; against the netstandard2.0 build it is reported as skipped, with its reason.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NetBuildTheoryAttribute : TheoryAttribute
{
    public NetBuildTheoryAttribute(string reasonNotOnNetStandard) => Skip = SdkBuild.SkipOnNetStandard(reasonNotOnNetStandard);
}
