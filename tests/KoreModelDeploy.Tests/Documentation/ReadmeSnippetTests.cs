using System.Text.RegularExpressions;
using KoreModelDeploy.Tests.Reliability.Support;

namespace KoreModelDeploy.Tests.Documentation;

/// <summary>
/// Every C# block in README.md is a copy of a region in compiled code (a sample or a test), so the README cannot
/// show code that does not compile. A block is preceded by <c>&lt;!-- snippet: name --&gt;</c> and matches the region
/// between <c>// &lt;snippet:name&gt;</c> and <c>// &lt;/snippet:name&gt;</c>.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    private static readonly string RepositoryRoot = RepositoryFiles.Root;

    [Fact]
    public void Every_csharp_block_in_the_readme_is_a_compiled_snippet()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        var blocks = CSharpBlock().Matches(readme);
        blocks.Should().NotBeEmpty();

        var regions = LoadRegions();
        foreach (Match block in blocks)
        {
            var name = block.Groups["name"].Success ? block.Groups["name"].Value : null;
            name.Should().NotBeNull($"this README block has no snippet marker:\n{block.Value}");
            regions.Should().ContainKey(name!, $"README names snippet '{name}'");
            Normalize(block.Groups["code"].Value).Should().Be(regions[name!], $"README's '{name}' block must match its compiled region");
        }
    }

    [Fact]
    public void The_readme_gives_the_two_commands_a_new_user_needs()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));

        readme.Should().Contain("dotnet run --project samples/KoreModelDeploy.Samples");
        readme.Should().Contain("dotnet test KoreModelDeploy.sln");
        File.ReadAllText(Path.Combine(RepositoryRoot, ".ci", "run")).Should().Contain("dotnet test KoreModelDeploy.sln");
    }

    private static Dictionary<string, string> LoadRegions()
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "samples"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "tests"), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var path in sources)
        {
            foreach (Match region in Region().Matches(File.ReadAllText(path)))
            {
                regions[region.Groups["name"].Value] = Normalize(region.Groups["code"].Value);
            }
        }

        return regions;
    }

    private static string Normalize(string code)
    {
        var lines = code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[0]))
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1]))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..].TrimEnd() : l.TrimEnd()));
    }

    [GeneratedRegex(@"(?:<!--\s*snippet:\s*(?<name>[\w-]+)\s*-->\s*\n)?```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"//\s*<snippet:(?<name>[\w-]+)>[^\n]*\n(?<code>.*?)\n[ \t]*//\s*</snippet:\k<name>>", RegexOptions.Singleline)]
    private static partial Regex Region();
}
