using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace KoreModelDeploy.Emulator.Json;

/// <summary>Writes the emulator's JSON answers with source-generated metadata only.</summary>
internal static class ResponseWriter
{
    public static Task WriteErrorsAsync(HttpContext context, int statusCode, IEnumerable<string> messages)
    {
        context.Response.StatusCode = statusCode;
        var body = new ErrorResponse([.. messages.Select(message => new ErrorEntry(message, statusCode))]);
        return WriteAsync(context, body, EmulatorJsonContext.Default.ErrorResponse);
    }

    public static Task WriteErrorAsync(HttpContext context, int statusCode, string message) =>
        WriteErrorsAsync(context, statusCode, [message]);

    /// <summary>A 5xx answer in the vendor's error format, its message the status's reason phrase.</summary>
    public static Task WriteServerErrorAsync(HttpContext context, int statusCode) =>
        WriteErrorAsync(context, statusCode, ReasonPhrases.GetReasonPhrase(statusCode));

    /// <summary>The vendor's 429, with <c>Retry-After</c> in whole seconds, rounded up.</summary>
    public static Task WriteRateLimitedAsync(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(0, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, VendorMessages.RateLimited);
    }

    /// <summary>A success answer (status 200, the response's default).</summary>
    public static Task WriteAsync<T>(HttpContext context, T body, JsonTypeInfo<T> typeInfo) =>
        context.Response.WriteAsJsonAsync(body, typeInfo, contentType: null, context.RequestAborted);
}
