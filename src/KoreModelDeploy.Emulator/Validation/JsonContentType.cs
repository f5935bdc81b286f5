using Microsoft.Net.Http.Headers;

namespace KoreModelDeploy.Emulator.Validation;

/// <summary>
/// The deploy call's <c>Content-Type</c> in strict mode: the vendor documents <c>application/json</c>, so that is what
/// is taken, with at most a <c>charset=utf-8</c> parameter (names and values compared case-insensitively).
/// </summary>
internal static class JsonContentType
{
    public const string Expected = "application/json";

    public static bool IsAccepted(string? header)
    {
        if (!MediaTypeHeaderValue.TryParse(header, out var value)
            || !value.MediaType.Equals(Expected, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return value.Parameters.Count switch
        {
            0 => true,
            1 => value.Parameters[0].Name.Equals("charset", StringComparison.OrdinalIgnoreCase)
                && HeaderUtilities.RemoveQuotes(value.Parameters[0].Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    /// <summary>The refusal, naming what was sent (headers are not secret; the key travels in its own header).</summary>
    public static string Refusal(string? header) =>
        "Content-Type must be " + Expected + " (optionally with charset=utf-8), got "
        + (string.IsNullOrEmpty(header) ? "none" : "'" + (header.Length <= 100 ? header : header[..100] + "…") + "'");
}
