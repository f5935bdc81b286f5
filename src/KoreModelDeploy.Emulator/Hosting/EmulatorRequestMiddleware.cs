using System.Diagnostics;
using System.Security.Cryptography;
using System.Runtime.InteropServices;
using KoreModelDeploy.Emulator.Faults;
using KoreModelDeploy.Emulator.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Emulator.Hosting;

/// <summary>
/// Runs before every vendor endpoint: counts the request, applies a queued fault (faults stand for the
/// infrastructure in front of the API, so they come before authentication), checks the key, and logs.
/// </summary>
internal sealed class EmulatorRequestMiddleware(
    string apiKey, EmulatorFaults faults, RequestCounters counters, TimeProvider timeProvider, ILogger logger)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<EndpointMetadata>() is not { } metadata)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var endpoint = metadata.Endpoint;
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? string.Empty;
        var started = Stopwatch.GetTimestamp();
        counters.Increment(endpoint);

        if (faults.TakeRequestFault(endpoint) is { } fault)
        {
            EmulatorLog.FaultInjected(logger, method, path, endpoint, fault);
            if (await FaultResponder.ApplyAsync(context, fault, endpoint, timeProvider, faults).ConfigureAwait(false))
            {
                return;
            }
        }

        if (!HasValidKey(context.Request))
        {
            EmulatorLog.Unauthorized(logger, method, path, endpoint);
            await ResponseWriter.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Invalid or missing API key").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var elapsedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            EmulatorLog.RequestAnswered(logger, method, path, endpoint, context.Response.StatusCode, elapsedMilliseconds);
        }
    }

    private bool HasValidKey(HttpRequest request)
    {
        var values = request.Headers["x-api-key"];
        if (values.Count != 1 || values[0] is not { } presented)
        {
            return false;
        }

        // Constant-time comparison costs nothing here and keeps the emulator a good example for real servers.
        return CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(presented.AsSpan()), MemoryMarshal.AsBytes(apiKey.AsSpan()));
    }
}
