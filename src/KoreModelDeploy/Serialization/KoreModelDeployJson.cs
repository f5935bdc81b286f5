using System.Text;
using System.Text.Json;
using KoreModelDeploy.Errors;
using KoreModelDeploy.Models;
using KoreModelDeploy.Validation;

namespace KoreModelDeploy;

/// <summary>
/// Reads and writes deploy requests in the vendor's JSON format, for deployment settings kept in files.
/// </summary>
public static class KoreModelDeployJson
{
    // JSON errors quote paths and property names from the file; a hostile file must not make a huge message.
    private const int MaxMessageLength = 500;

    /// <summary>
    /// Parses a deploy request body in the vendor's format, strictly: what a reader of the file sees is what is sent.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><description>Both spellings of the previously-deployed flag are accepted: <c>isDeployedPreviously</c> and the
    /// older samples' <c>isDeployedPreviouly</c>. Given both, they must have the same value; different values are an error
    /// naming <c>$.isDeployedPreviouly</c>.</description></item>
    /// <item><description>A field given twice in one object (<c>deviceType</c> twice, say) is an error naming its JSON path,
    /// such as <c>$.deviceType</c> or <c>$.hyperParameters.topK</c>, rather than the last value silently winning.</description></item>
    /// <item><description>A leading UTF-8 byte-order mark (U+FEFF), as some editors write, is accepted.</description></item>
    /// <item><description>Unknown fields are ignored; <see cref="ParseDeployModelRequest(string, DeployFileReadOptions)"/>
    /// with <see cref="DeployFileReadOptions.RejectUnknownMembers"/> refuses them instead.</description></item>
    /// <item><description>Each problem is named by its JSON path, with a 1-based line and column and the kind of value
    /// expected (<c>must be a whole number, not text (line 4, column 18)</c>).</description></item>
    /// </list>
    /// Every broken rule is reported at once; a value the message repeats is cut to a bounded length.
    /// </remarks>
    /// <param name="json">The JSON text.</param>
    /// <returns>The request. It is not yet validated against the vendor's ranges: the client validates it before sending.</returns>
    /// <exception cref="KoreValidationException">The text is not valid JSON, a required field is missing or has the wrong
    /// type, a field appears twice in one object, or the two spellings of the flag disagree.</exception>
    public static DeployModelRequest ParseDeployModelRequest(string json)
    {
        if (json is null)
        {
            throw new KoreValidationException([new KoreValidationError("$", null, "JSON text is required.")]);
        }

        // A byte-order mark kept by whatever read the file into the string becomes the UTF-8 one, which Parse skips.
        return Parse(Encoding.UTF8.GetBytes(json), rejectUnknownMembers: false);
    }

    /// <summary>
    /// Parses a deploy request body with the rules of <see cref="ParseDeployModelRequest(string)"/>, read as
    /// <paramref name="options"/> says: with <see cref="DeployFileReadOptions.RejectUnknownMembers"/>, a member the
    /// request does not have (<c>"maxReplica"</c>) is an error naming its JSON path (<c>$.scalingParameters.maxReplica</c>)
    /// and the closest known member (<c>maxReplicas</c>); a top-level <c>$schema</c> is allowed.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="options">How to read it.</param>
    /// <returns>The request. It is not yet validated against the vendor's ranges: the client validates it before sending.</returns>
    /// <exception cref="KoreValidationException">As <see cref="ParseDeployModelRequest(string)"/>, and, when asked, a member
    /// the request does not have.</exception>
    public static DeployModelRequest ParseDeployModelRequest(string json, DeployFileReadOptions options)
    {
        if (json is null)
        {
            throw new KoreValidationException([new KoreValidationError("$", null, "JSON text is required.")]);
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        return Parse(Encoding.UTF8.GetBytes(json), options.RejectUnknownMembers);
    }

    /// <summary>
    /// Parses a deploy request body in the vendor's format from a stream (for example a file), with the same rules as
    /// <see cref="ParseDeployModelRequest(string)"/>.
    /// </summary>
    /// <param name="utf8Json">UTF-8 JSON, with or without a byte-order mark.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The request. It is not yet validated against the vendor's ranges: the client validates it before sending.</returns>
    /// <exception cref="KoreValidationException">The text is not valid JSON, a required field is missing or has the wrong
    /// type, a field appears twice in one object, or the two spellings of the flag disagree.</exception>
    public static async Task<DeployModelRequest> ParseDeployModelRequestAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        if (utf8Json is null)
        {
            throw new ArgumentNullException(nameof(utf8Json));
        }

        // The whole document is needed twice (read, then checked for repeated fields); deploy files are small.
        using var buffer = new MemoryStream();
        await utf8Json.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), rejectUnknownMembers: false);
    }

    private static DeployModelRequest Parse(ReadOnlySpan<byte> utf8Json, bool rejectUnknownMembers)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        var json = utf8Json;
        if (json.StartsWith(bom))
        {
            json = json.Slice(bom.Length);
        }

        // Syntax, shape and the file rules are checked before the serializer reads anything, so every problem is named
        // at once and in the file's terms; the serializer's own messages speak of .NET types and 0-based lines.
        var shape = Serialization.DeployFileShapeCheck.Check(json, rejectUnknownMembers, out var isJson);
        if (!isJson)
        {
            // Not JSON (or empty): there is nothing the other rules could say about it.
            throw new KoreValidationException(shape!);
        }

        var rules = Serialization.DeployFileRules.Check(json);
        if (shape is not null || rules is not null)
        {
            throw new KoreValidationException([.. shape ?? [], .. rules ?? []]);
        }

        DeployModelRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(json, Serialization.KoreJsonContext.Default.DeployModelRequest);
        }
        catch (JsonException ex)
        {
            // The shape check leaves little for the serializer to refuse; what it does refuse is named without its
            // .NET wording, which speaks of types and counts lines from 0.
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1})" : string.Empty;
            throw new KoreValidationException([new KoreValidationError(TextCutter.Cut(ex.Path ?? "$", Serialization.DeployFileRules.MaxPathLength), null, "this value cannot be read for this member" + where + ".")]);
        }

        if (request is null)
        {
            throw new KoreValidationException([new KoreValidationError("$", "null", "a deploy request object is required.")]);
        }

        return request;
    }

    /// <summary>
    /// Writes a deploy request exactly as the client sends it: unset optional members omitted, the flag spelled
    /// <c>isDeployedPreviously</c>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(DeployModelRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        return JsonSerializer.Serialize(request, Serialization.KoreJsonContext.Default.DeployModelRequest);
    }
}
