using System.Reflection;
using System.Text.RegularExpressions;

namespace KoreModelDeploy.Cli.Tests.Documentation;

/// <summary>README's exit-code table for the tool says what <see cref="ExitCodes"/> says.</summary>
public sealed partial class ReadmeExitCodeTests
{
    [Fact]
    public void The_table_lists_the_codes_the_tool_uses_and_no_other()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("## Command-line tool", StringComparison.Ordinal)..];
        var table = section[section.IndexOf("### Exit codes", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n###", StringComparison.Ordinal)];

        var documented = TableRow().Matches(table).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var defined = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (int)f.GetValue(null)!).ToList();

        documented.Should().OnlyHaveUniqueItems().And.BeSubsetOf(defined);
        documented.Should().Contain([ExitCodes.Success, ExitCodes.Usage, ExitCodes.JobFailed, ExitCodes.InvalidRequest, ExitCodes.Authentication,
            ExitCodes.ApiError, ExitCodes.WaitTimedOut, ExitCodes.Configuration, ExitCodes.OutputFailed, ExitCodes.Cancelled]);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KoreModelDeploy.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\| (\d+) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
