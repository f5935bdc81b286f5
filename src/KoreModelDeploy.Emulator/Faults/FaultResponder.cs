using System.Globalization;
using System.Text;
using KoreModelDeploy.Emulator.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace KoreModelDeploy.Emulator.Faults;

/// <summary>Turns an <see cref="EmulatorFault"/> into what the client sees on the wire.</summary>
internal static class FaultResponder
{
    /// <summary>Applies the fault; returns true when the request is finished, false when normal handling must continue.</summary>
    /// <param name="context">The request the fault applies to.</param>
    /// <param name="fault">The fault taken from the queue for this request.</param>
    /// <param name="endpoint">The endpoint the request is for.</param>
    /// <param name="timeProvider">The emulator's clock, which a slow response waits on.</param>
    /// <param name="faults">Told once the fault is in effect, so tests can wait for that instead of for time.</param>
    public static async Task<bool> ApplyAsync(HttpContext context, EmulatorFault fault, EmulatorEndpoint endpoint, TimeProvider timeProvider, EmulatorFaults faults)
    {
        if (fault.Kind != FaultKind.SlowResponse)
        {
            faults.CountApplied();
        }

        switch (fault.Kind)
        {
            case FaultKind.RateLimited:
                await ResponseWriter.WriteRateLimitedAsync(context, fault.Duration).ConfigureAwait(false);
                return true;

            case FaultKind.JsonServerError:
                await ResponseWriter.WriteServerErrorAsync(context, fault.StatusCode).ConfigureAwait(false);
                return true;

            case FaultKind.HtmlGatewayError:
                context.Response.StatusCode = fault.StatusCode;
                context.Response.ContentType = "text/html";
                var page = string.Create(
                    CultureInfo.InvariantCulture,
                    $"<html><body><h1>{fault.StatusCode} {ReasonPhrases.GetReasonPhrase(fault.StatusCode)}</h1></body></html>");
                await context.Response.WriteAsync(page, context.RequestAborted).ConfigureAwait(false);
                return true;

            case FaultKind.SlowResponse:
                try
                {
                    // Counted only once the wait's timer exists: a test that then advances a fake clock ends it.
                    var wait = Task.Delay(fault.Duration, timeProvider, context.RequestAborted);
                    faults.CountApplied();
                    await wait.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
                {
                    // The client gave up while waiting; nobody is left to answer.
                    return true;
                }

                return false;

            case FaultKind.AbortConnection:
                context.Abort();
                return true;

            case FaultKind.TruncatedJson:
                context.Response.StatusCode = fault.StatusCode;
                context.Response.ContentType = "application/json; charset=utf-8";
                var prefix = endpoint == EmulatorEndpoint.DockStatus
                    ? "{\"_id\":\"ds-"
                    : "{\"dock-statusId\":\"ds-";
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(prefix), context.RequestAborted).ConfigureAwait(false);
                return true;

            default:
                throw new InvalidOperationException("Unhandled fault kind " + fault.Kind + ".");
        }
    }
}
