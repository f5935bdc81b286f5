using Microsoft.AspNetCore.Http;

namespace KoreModelDeploy.Emulator.Json;

/// <summary>Writes the emulator's JSON answers with source-generated metadata only.</summary>
internal static class ResponseWriter
{
    public static Task WriteErrorsAsync(HttpContext context, int statusCode, IEnumerable<string> messages)
    {
        context.Response.StatusCode = statusCode;
        var body = new ErrorResponse([.. messages.Select(message => new ErrorEntry(message, statusCode))]);
        return context.Response.WriteAsJsonAsync(body, EmulatorJsonContext.Default.ErrorResponse, contentType: null, context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, int statusCode, string message) =>
        WriteErrorsAsync(context, statusCode, [message]);

    public static Task WriteJobAcceptedAsync(HttpContext context, JobAcceptedResponse body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        return context.Response.WriteAsJsonAsync(body, EmulatorJsonContext.Default.JobAcceptedResponse, contentType: null, context.RequestAborted);
    }

    public static Task WriteDockStatusAsync(HttpContext context, DockStatusResponse body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        return context.Response.WriteAsJsonAsync(body, EmulatorJsonContext.Default.DockStatusResponse, contentType: null, context.RequestAborted);
    }
}
