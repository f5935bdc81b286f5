using System.Text.RegularExpressions;

namespace KoreModelDeploy.Cli.Manifests;

/// <summary>
/// The rule for an environment's name: it becomes part of the journal's file name beside the manifest
/// (<c>kore.prod.journal.jsonl</c>), so <c>../../x</c> would put the journal two directories up and a line break would
/// put one in a file name. The manifest's schema says the same.
/// </summary>
internal static partial class EnvironmentName
{
    /// <summary>The rule as README and the schema write it.</summary>
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";

    public static bool IsValid(string name) => Rule().IsMatch(name);

    // \z, not $: in .NET, $ also matches before a final line break, which is one of the names to refuse.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rule();
}
