using System.CommandLine;
using KoreModelDeploy.CommandLine;

namespace KoreModelDeploy.Cli.Options;

/// <summary>
/// Builds options that take a duration with units (<c>90s</c>, <c>45m</c>, <c>2h</c>), checked against a range. Unset
/// is <see langword="null"/>, so help shows the default as written in the description (<c>1h</c>, not <c>01:00:00</c>).
/// </summary>
internal static class DurationOption
{
    public static Option<TimeSpan?> Create(string name, string description, TimeSpan defaultValue, TimeSpan min, TimeSpan max) => new(name)
    {
        Description = $"{description} Default {DurationText.Format(defaultValue)}; from {DurationText.Format(min)} to {DurationText.Format(max)}.",
        HelpName = "duration",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
            if (!DurationText.TryParse(text, out var value, out var error))
            {
                result.AddError($"{name}: {error}");
                return defaultValue;
            }

            if (value < min || value > max)
            {
                result.AddError($"{name}: {DurationText.Format(value)} is out of range; from {DurationText.Format(min)} to {DurationText.Format(max)}.");
            }

            return value;
        },
    };
}
