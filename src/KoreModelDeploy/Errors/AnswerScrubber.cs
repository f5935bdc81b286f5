using System.Text.Json;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Errors;

/// <summary>
/// Scrubs the API key from the decoded text of a successful answer: every string member, undocumented value and
/// unmodeled field of <see cref="DockStatus"/> and <see cref="DeployModelResponse"/>. A body is scrubbed before it is
/// parsed, but only of the key as sent; a service that writes it with JSON escapes, or in another encoding, is caught
/// here, once the text is decoded, before the answer reaches a caller, a log, a span or an exception.
/// </summary>
internal static class AnswerScrubber
{
    /// <summary>Scrubs an answer the transport read, in place; answers of other types are left as they are.</summary>
    public static void Scrub(object answer, KeyRedactor redactor)
    {
        switch (answer)
        {
            case DockStatus status:
                status.Id = redactor.Redact(status.Id)!;
                status.ModelId = redactor.Redact(status.ModelId);
                status.ToolId = redactor.Redact(status.ToolId);
                status.JobType = Scrub(status.JobType, status.JobType.IsDocumented, redactor, static v => new DockJobType(v));
                status.Action = Scrub(status.Action, status.Action.IsDocumented, redactor, static v => new DockAction(v));
                status.Status = Scrub(status.Status, status.Status.IsDocumented, redactor, static v => new DockJobStatus(v));
                status.ExtensionData = Scrub(status.ExtensionData, redactor);
                break;
            case DeployModelResponse response:
                response.DockStatusId = redactor.Redact(response.DockStatusId)!;
                response.ModelId = redactor.Redact(response.ModelId);
                response.JobType = Scrub(response.JobType, response.JobType.IsDocumented, redactor, static v => new DockJobType(v));
                response.Action = Scrub(response.Action, response.Action.IsDocumented, redactor, static v => new DockAction(v));
                response.Status = Scrub(response.Status, response.Status.IsDocumented, redactor, static v => new DockJobStatus(v));
                response.ExtensionData = Scrub(response.ExtensionData, redactor);
                break;
        }
    }

    // A documented value is spelled as the vendor documents it and holds nothing else; only other values are read.
    private static T Scrub<T>(T value, bool documented, KeyRedactor redactor, Func<string, T> create)
        where T : struct
    {
        if (documented || value.ToString() is not { Length: > 0 } text)
        {
            return value;
        }

        var scrubbed = redactor.Redact(text)!;
        return ReferenceEquals(scrubbed, text) ? value : create(scrubbed);
    }

    private static Dictionary<string, JsonElement>? Scrub(Dictionary<string, JsonElement>? fields, KeyRedactor redactor)
    {
        if (fields is null || !HoldsKey(fields, redactor))
        {
            return fields;
        }

        var scrubbed = new Dictionary<string, JsonElement>(fields.Count);
        foreach (var field in fields)
        {
            scrubbed[redactor.Redact(field.Key)!] = HoldsKey(field.Value, redactor) ? Rewrite(field.Value, redactor) : field.Value;
        }

        return scrubbed;
    }

    private static bool HoldsKey(Dictionary<string, JsonElement> fields, KeyRedactor redactor)
    {
        foreach (var field in fields)
        {
            if (redactor.AppearsIn(field.Key) || HoldsKey(field.Value, redactor))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HoldsKey(JsonElement element, KeyRedactor redactor)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                // Text that cannot be decoded cannot be checked either: it is rewritten as the replacement.
                return ReadString(element) is not { } text || redactor.AppearsIn(text);
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (ReadName(property) is not { } name || redactor.AppearsIn(name) || HoldsKey(property.Value, redactor))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (HoldsKey(item, redactor))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>A copy of the element with every string and property name scrubbed.</summary>
    private static JsonElement Rewrite(JsonElement element, KeyRedactor redactor)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, element, redactor);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element, KeyRedactor redactor)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteStringValue(redactor.Redact(ReadString(element)) ?? KeyRedactor.Replacement);
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(ReadName(property) is { } name ? redactor.Redact(name)! : KeyRedactor.Replacement);
                    Write(writer, property.Value, redactor);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item, redactor);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    // Bytes that are not UTF-8 pass the JSON reader and fail only when decoded; nobody can read such a string as text.
    private static string? ReadString(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    // A property name is decoded the same way, and can fail the same way.
    private static string? ReadName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
