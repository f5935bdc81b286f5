using System.CommandLine;
using KoreModelDeploy.Cli.DeployFiles;

namespace KoreModelDeploy.Cli.Options;

/// <summary>
/// <c>--type</c>: the two documented model types, read in any letter case (<c>opensource</c> is <c>openSource</c>); any
/// other value is refused with the closest one suggested, and completion offers both.
/// </summary>
internal static class ModelTypeOption
{
    private static readonly string[] Documented = ["openSource", "fineTune"];

    public static void Configure(Option<string> option)
    {
        option.CompletionSources.Add(Documented);
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
            if (Documented.FirstOrDefault(d => string.Equals(d, text, StringComparison.OrdinalIgnoreCase)) is { } known)
            {
                return known;
            }

            var suggestion = TypoSuggestion.Closest(text, Documented);
            result.AddError($"--type: '{text}' is not a model type; use openSource or fineTune" + (suggestion is null ? "." : $" (did you mean {suggestion}?)."));
            return text;
        };
    }
}
