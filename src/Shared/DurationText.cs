using System.Globalization;

namespace KoreModelDeploy.CommandLine;

/// <summary>
/// Reads durations written for people on a command line: <c>90s</c>, <c>45m</c>, <c>2h</c>, <c>1h30m</c>, <c>500ms</c>,
/// or bare seconds (<c>30</c>, <c>2.5</c>). Compiled into each command-line entry point, so the tool and the emulator
/// accept the same text.
/// </summary>
internal static class DurationText
{
    /// <summary>The accepted forms, for error and help texts.</summary>
    public const string Forms = "a number with a unit (500ms, 90s, 45m, 2h, 1h30m) or bare seconds (30)";

    /// <summary>Parses <paramref name="text"/>; false, with <paramref name="error"/> naming the problem, when it is not a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        var span = (text ?? string.Empty).Trim();
        if (span.Length == 0)
        {
            error = "a duration is required: " + Forms;
            return false;
        }

        if (double.TryParse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var bareSeconds))
        {
            return TryFromSeconds(bareSeconds, span, out value, out error);
        }

        double totalSeconds = 0;
        var position = 0;
        var lastUnitRank = int.MaxValue;
        while (position < span.Length)
        {
            var numberStart = position;
            while (position < span.Length && (char.IsAsciiDigit(span[position]) || span[position] == '.'))
            {
                position++;
            }

            var unitStart = position;
            while (position < span.Length && char.IsAsciiLetterLower(span[position]))
            {
                position++;
            }

            var number = span[numberStart..unitStart];
            var unit = span[unitStart..position];
            if (number.Length == 0 || unit.Length == 0
                || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                error = $"'{Shorten(span)}' is not a duration: {Forms}";
                return false;
            }

            var (rank, secondsPerUnit) = unit switch
            {
                "h" => (3, 3600.0),
                "m" => (2, 60.0),
                "s" => (1, 1.0),
                "ms" => (0, 0.001),
                _ => (-1, 0.0),
            };
            if (rank < 0)
            {
                error = $"'{Shorten(span)}' has an unknown unit '{Shorten(unit)}': {Forms}";
                return false;
            }

            if (rank >= lastUnitRank)
            {
                error = $"'{Shorten(span)}' repeats a unit or puts a larger one after a smaller one: {Forms}";
                return false;
            }

            lastUnitRank = rank;
            totalSeconds += amount * secondsPerUnit;
        }

        return TryFromSeconds(totalSeconds, span, out value, out error);
    }

    /// <summary>Writes <paramref name="value"/> in the shortest form <see cref="TryParse"/> reads back.</summary>
    public static string Format(TimeSpan value)
    {
        if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var seconds = (long)value.TotalSeconds;
        if (seconds != 0 && seconds % 3600 == 0)
        {
            return (seconds / 3600).ToString(CultureInfo.InvariantCulture) + "h";
        }

        return seconds != 0 && seconds % 60 == 0
            ? (seconds / 60).ToString(CultureInfo.InvariantCulture) + "m"
            : seconds.ToString(CultureInfo.InvariantCulture) + "s";
    }

    private static bool TryFromSeconds(double seconds, string text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            error = $"'{Shorten(text)}' is too long a duration";
            return false;
        }

        value = TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
