using System.Text.Json;
using KoreModelDeploy.Models;
using KoreModelDeploy.Validation;

namespace KoreModelDeploy;

/// <summary>
/// Reads and writes deploy requests in the vendor's JSON format, for deployment settings kept in files.
/// </summary>
public static class KoreModelDeployJson
{
    /// <summary>
    /// Parses a deploy request body in the vendor's format. Both spellings of the previously-deployed flag
    /// (<c>isDeployedPreviously</c> and the older samples' <c>isDeployedPreviouly</c>) are accepted; unknown fields are ignored.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The request. It is not yet validated: the client validates it before sending.</returns>
    /// <exception cref="KoreValidationException">The text is not valid JSON, or a required field is missing or has the wrong type.</exception>
    public static DeployModelRequest ParseDeployModelRequest(string json)
    {
        if (json is null)
        {
            throw new KoreValidationException([new KoreValidationError("$", null, "JSON text is required.")]);
        }

        try
        {
            return JsonSerializer.Deserialize(json, Serialization.KoreJsonContext.Default.DeployModelRequest)
                ?? throw new KoreValidationException([new KoreValidationError("$", "null", "a deploy request object is required.")]);
        }
        catch (JsonException ex)
        {
            throw new KoreValidationException([new KoreValidationError(ex.Path ?? "$", null, ex.Message)]);
        }
    }

    /// <summary>
    /// Parses a deploy request body in the vendor's format from a stream (for example a file).
    /// </summary>
    /// <param name="utf8Json">UTF-8 JSON.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The request. It is not yet validated: the client validates it before sending.</returns>
    /// <exception cref="KoreValidationException">The text is not valid JSON, or a required field is missing or has the wrong type.</exception>
    public static async Task<DeployModelRequest> ParseDeployModelRequestAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        if (utf8Json is null)
        {
            throw new ArgumentNullException(nameof(utf8Json));
        }

        try
        {
            return await JsonSerializer.DeserializeAsync(utf8Json, Serialization.KoreJsonContext.Default.DeployModelRequest, cancellationToken).ConfigureAwait(false)
                ?? throw new KoreValidationException([new KoreValidationError("$", "null", "a deploy request object is required.")]);
        }
        catch (JsonException ex)
        {
            throw new KoreValidationException([new KoreValidationError(ex.Path ?? "$", null, ex.Message)]);
        }
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
