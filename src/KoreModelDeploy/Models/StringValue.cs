namespace KoreModelDeploy.Models;

/// <summary>
/// The comparison rules shared by the string-backed value types: equality is case-insensitive, so answers are read
/// leniently, while "documented" means spelled exactly as the vendor documents it, because the service matches
/// what it is sent exactly.
/// </summary>
internal static class StringValue
{
    public static bool AreEqual(string? left, string? right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    public static int GetHashCode(string? value) => value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(value);

    // A value read from an answer holds the documented string itself (StringValueConverter), so a reference test
    // decides the common case; Array.IndexOf, ordinal and allocation-free, decides the rest.
    public static bool IsDocumented(string? value, string[] documented)
    {
        if (value is null)
        {
            return false;
        }

        foreach (var candidate in documented)
        {
            if (ReferenceEquals(candidate, value))
            {
                return true;
            }
        }

        return Array.IndexOf(documented, value) >= 0;
    }
}
