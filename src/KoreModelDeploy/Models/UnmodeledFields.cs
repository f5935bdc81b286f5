using System.Text.Json;

namespace KoreModelDeploy.Models;

/// <summary>
/// Reads the fields the vendor sends but does not document, which both response types keep: notably a failure message,
/// whose name varies between the vendor's APIs.
/// </summary>
internal static class UnmodeledFields
{
    private static readonly string[] MessageKeys = ["message", "msg", "errorMessage", "error", "reason", "failureReason", "statusMessage"];

    public static readonly IReadOnlyDictionary<string, JsonElement> Empty = new Dictionary<string, JsonElement>();

    public static string? FindMessage(Dictionary<string, JsonElement>? fields)
    {
        if (fields is null)
        {
            return null;
        }

        foreach (var key in MessageKeys)
        {
            if (fields.TryGetValue(key, out var element) && element.ValueKind == JsonValueKind.String)
            {
                try
                {
                    return element.GetString();
                }
                catch (InvalidOperationException)
                {
                    // Bytes that are not UTF-8 pass the JSON reader and fail only here; such a field is no message.
                }
            }
        }

        return null;
    }
}
