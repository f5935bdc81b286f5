using System.Reflection;

namespace KoreModelDeploy.Cli.Tests;

public sealed class ExitCodesTests
{
    [Fact]
    public void Every_exit_code_has_one_meaning()
    {
        var codes = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (f.Name, Value: (int)f.GetValue(null)!))
            .ToList();

        codes.GroupBy(c => c.Value).Where(g => g.Count() > 1).Select(g => string.Join(", ", g.Select(c => c.Name)))
            .Should().BeEmpty("each exit code means one thing");
        codes.Should().Contain(("Cancelled", 130)).And.Contain(("Success", 0)).And.Contain(("OutputFailed", 10));
    }
}
