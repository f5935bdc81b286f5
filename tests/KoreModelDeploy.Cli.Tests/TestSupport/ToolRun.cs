using System.Text.Json;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>What one in-process run of the tool produced.</summary>
internal sealed record ToolRun(int ExitCode, string Out, string Error)
{
    /// <summary>stdout parsed as the one JSON document of <c>-o json</c>; fails if anything else is there.</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Out);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The <c>path</c> of each entry of the JSON document's <c>violations</c>, in order.</summary>
    public IReadOnlyList<string?> ViolationPaths => [.. Json.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("path").GetString())];

    /// <summary>Both streams, for scans that must cover everything the tool printed.</summary>
    public string All => Out + "\n" + Error;

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";
}
