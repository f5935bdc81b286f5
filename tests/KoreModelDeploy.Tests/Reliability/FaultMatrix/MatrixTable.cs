using System.Text;

namespace KoreModelDeploy.Tests.Reliability.FaultMatrix;

/// <summary>Renders the matrix as the Markdown table kept in docs/reliability.md, from the rules' cell definitions.</summary>
internal static class MatrixTable
{
    public const string StartMarker = "<!-- fault-matrix:start -->";
    public const string EndMarker = "<!-- fault-matrix:end -->";

    public static string Render(KoreModelDeployOptions options, MatrixCounts counts)
    {
        var text = new StringBuilder();
        text.Append("Cells tried: ").Append(counts.Cells)
            .Append(" · unhandled exceptions: ").Append(counts.Unhandled)
            .Append(" · duplicate POSTs: ").Append(counts.DuplicatePosts)
            .Append(" · key leaks: ").Append(counts.KeyLeaks)
            .Append(" · cells not as documented: ").Append(counts.Mismatches).Append('\n');
        text.Append('\n');
        text.Append("| fault | mode | deploy | undeploy | get status | wait |\n");
        text.Append("|---|---|---|---|---|---|\n");
        foreach (var fault in MatrixRules.Faults)
        {
            foreach (var mode in MatrixRules.Modes)
            {
                text.Append("| ").Append(FaultInfo.Describe(fault)).Append(" | ").Append(mode == FaultMode.Once ? "first request" : "every request");
                foreach (var operation in MatrixRules.Operations)
                {
                    text.Append(" | ").Append(MatrixRules.Expect(operation, fault, mode, options).Display);
                }

                text.Append(" |\n");
            }
        }

        return text.ToString();
    }
}

/// <summary>The totals the matrix run reports.</summary>
internal readonly record struct MatrixCounts(int Cells, int Unhandled, int DuplicatePosts, int KeyLeaks, int Mismatches)
{
    public static MatrixCounts From(IReadOnlyCollection<CellResult> results) => new(
        results.Count,
        results.Count(r => r.Observed.Kind == OutcomeKind.Unhandled),
        results.Sum(r => r.DuplicatePosts),
        results.Count(r => r.LeaksKey),
        results.Count(r => !r.Passed));
}
