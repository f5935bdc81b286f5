using System.Globalization;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>Elapsed times for people: <c>0.4s</c>, <c>12s</c>, <c>3m05s</c>, <c>1h02m</c>.</summary>
internal static class ElapsedText
{
    public static string Format(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.FromSeconds(10))
        {
            return elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
        }

        if (elapsed < TimeSpan.FromMinutes(1))
        {
            return ((int)elapsed.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        }

        return elapsed < TimeSpan.FromHours(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes}m{elapsed.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours}h{elapsed.Minutes:00}m");
    }
}
