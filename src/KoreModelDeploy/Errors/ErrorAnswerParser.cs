using System.Text;
using System.Text.Json;
using KoreModelDeploy.Serialization;
using KoreModelDeploy.Transport;

namespace KoreModelDeploy.Errors;

/// <summary>
/// Reads the bodies of error answers in every shape they come in: the vendor's <c>{"errors":[{"msg":…,"code":…}]}</c>,
/// a gateway's <c>{"message":…}</c>, plain text, an HTML page, or nothing. Building the exception's message is
/// <see cref="KoreApiExceptionFactory"/>'s job; this type only says what the body held.
/// </summary>
/// <remarks>
/// The key is scrubbed from the raw bytes before anything is parsed, and again from each parsed string and from the body
/// as text, which catches a key the service sent with JSON escapes or in another encoding. Texts are cut only after they
/// were scrubbed.
/// </remarks>
internal static class ErrorAnswerParser
{
    /// <summary>How much of a body that is not an error document is kept.</summary>
    public const int MaxBodyCharacters = 4096;

    /// <summary>Reads an error answer's body, as <see cref="ResponseBodyReader"/> read it (at most its first 64 KB).</summary>
    public static ErrorAnswer Parse(byte[] body, KeyRedactor redactor)
    {
        // The reader keeps no more than MaxErrorBodyBytes of an error body: one of that length may have been cut, and a
        // key that went on past the cut is scrubbed as if it were whole.
        var scrubbed = redactor.Redact(body, wasCut: body.Length >= ResponseBodyReader.MaxErrorBodyBytes);
        if (scrubbed.Length == 0)
        {
            return ErrorAnswer.None;
        }

        var (code, message) = TryReadErrorDocument(scrubbed);
        code = redactor.Redact(code);
        message = redactor.Redact(message);
        return message is not null
            ? new ErrorAnswer(code, message, null)
            : new ErrorAnswer(code, null, ReadText(scrubbed, redactor));
    }

    /// <summary>
    /// A body already scrubbed of the key's bytes, as text scrubbed of the key in its other forms and bounded to
    /// <see cref="MaxBodyCharacters"/>; null when blank.
    /// </summary>
    public static string? ReadText(byte[] scrubbedBody, KeyRedactor redactor)
    {
        if (scrubbedBody.Length == 0)
        {
            return null;
        }

        // Decoding is bounded: the reader caps every body it keeps.
        var text = Encoding.UTF8.GetString(scrubbedBody);
        return string.IsNullOrWhiteSpace(text) ? null : redactor.RedactAndCut(text, MaxBodyCharacters);
    }

    private static (string? Code, string? Message) TryReadErrorDocument(byte[] body)
    {
        if (!LooksLikeJsonObject(body))
        {
            return (null, null);
        }

        try
        {
            var envelope = JsonSerializer.Deserialize(body, KoreJsonContext.Default.ErrorEnvelope);
            if (envelope?.Errors is { Count: > 0 } errors)
            {
                var messages = new List<string>(errors.Count);
                string? code = null;
                foreach (var entry in errors)
                {
                    if (entry is null)
                    {
                        continue;
                    }

                    if (AsText(entry.Msg) is { Length: > 0 } msg)
                    {
                        messages.Add(msg);
                    }

                    code ??= AsText(entry.Code);
                }

                return (code, messages.Count > 0 ? string.Join("; ", messages) : null);
            }

            return (null, envelope is null ? null : AsText(envelope.Message));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string holding bytes that are not UTF-8, which only fails when decoded.
            return (null, null);
        }
    }

    private static bool LooksLikeJsonObject(byte[] body)
    {
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return b == (byte)'{';
        }

        return false;
    }

    private static string? AsText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => null,
    };
}
