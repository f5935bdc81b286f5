using System.Text.Json;
using KoreModelDeploy.Emulator.Faults;
using KoreModelDeploy.Emulator.Jobs;
using KoreModelDeploy.Emulator.Json;
using KoreModelDeploy.Emulator.RateLimiting;
using KoreModelDeploy.Emulator.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KoreModelDeploy.Emulator.Hosting;

/// <summary>The three vendor endpoints, after the middleware has authenticated the call.</summary>
internal sealed class ApiEndpoints(JobStore jobs, DockStatusRateLimiter rateLimiter, TransientStatusFailures transientFailures, bool strict)
{
    public void Map(IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/public");
        api.MapPost("/models/{modelId}/deploy", (HttpContext context, string modelId, string? modelType) => DeployAsync(context, modelId, modelType))
            .WithMetadata(new EndpointMetadata(EmulatorEndpoint.Deploy));
        api.MapPost("/models/{modelId}/undeploy", (HttpContext context, string modelId) => UndeployAsync(context, modelId))
            .WithMetadata(new EndpointMetadata(EmulatorEndpoint.Undeploy));
        api.MapGet("/dock-status/{dockStatusId}", (HttpContext context, string dockStatusId) => DockStatusAsync(context, dockStatusId))
            .WithMetadata(new EndpointMetadata(EmulatorEndpoint.DockStatus));
    }

    private async Task DeployAsync(HttpContext context, string modelId, string? modelType)
    {
        var errors = new List<string>();
        DeployRequestValidator.ValidateModelType(modelType, errors);
        if (strict && !JsonContentType.IsAccepted(context.Request.ContentType))
        {
            errors.Add(JsonContentType.Refusal(context.Request.ContentType));
        }

        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            DeployRequestValidator.Validate(body.RootElement, strict, errors);
        }
        catch (JsonException)
        {
            errors.Add("Request body must be valid JSON");
        }

        if (errors.Count > 0)
        {
            await ResponseWriter.WriteErrorsAsync(context, StatusCodes.Status400BadRequest, errors).ConfigureAwait(false);
            return;
        }

        var job = jobs.StartDeploy(modelId);
        await WriteAcceptedAsync(context, job).ConfigureAwait(false);
    }

    private async Task UndeployAsync(HttpContext context, string modelId)
    {
        if (jobs.TryStartUndeploy(modelId) is not { } job)
        {
            await ResponseWriter.WriteErrorAsync(context, StatusCodes.Status404NotFound, "Model " + modelId + " is not deployed").ConfigureAwait(false);
            return;
        }

        await WriteAcceptedAsync(context, job).ConfigureAwait(false);
    }

    private async Task DockStatusAsync(HttpContext context, string dockStatusId)
    {
        if (transientFailures.ShouldFail())
        {
            await ResponseWriter.WriteServerErrorAsync(context, StatusCodes.Status503ServiceUnavailable).ConfigureAwait(false);
            return;
        }

        if (!rateLimiter.TryAcquire(dockStatusId, out var retryAfter))
        {
            await ResponseWriter.WriteRateLimitedAsync(context, retryAfter).ConfigureAwait(false);
            return;
        }

        if (jobs.Find(dockStatusId) is not { } job)
        {
            await ResponseWriter.WriteErrorAsync(context, StatusCodes.Status404NotFound, "Dock status " + dockStatusId + " not found").ConfigureAwait(false);
            return;
        }

        var body = new DockStatusResponse(
            job.Id, job.ModelId, VendorNames.ModelsJobType, VendorNames.Of(job.Action), VendorNames.Of(job.State), job.Message);
        await ResponseWriter.WriteAsync(context, body, EmulatorJsonContext.Default.DockStatusResponse).ConfigureAwait(false);
    }

    // Every accepted job starts IN_PROGRESS, even with a zero duration: the vendor's answers always do.
    private static Task WriteAcceptedAsync(HttpContext context, JobSnapshot job) =>
        ResponseWriter.WriteAsync(
            context,
            new JobAcceptedResponse(job.Id, job.ModelId, VendorNames.ModelsJobType, VendorNames.Of(job.Action), VendorNames.Of(JobState.InProgress)),
            EmulatorJsonContext.Default.JobAcceptedResponse);
}
