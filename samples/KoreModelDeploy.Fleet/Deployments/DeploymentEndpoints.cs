using System.Text.Json;
using KoreModelDeploy.Fleet.Waits;
using Rebus.Bus;

namespace KoreModelDeploy.Fleet.Deployments;

/// <summary><c>POST /deployments</c> and <c>GET /deployments/{id}</c>.</summary>
internal static class DeploymentEndpoints
{
    private const int MaxIdempotencyKeyLength = 200;

    public static void MapDeployments(this IEndpointRouteBuilder app)
    {
        app.MapPost("/deployments", StartAsync);
        app.MapGet("/deployments/{id:guid}", GetAsync);
    }

    /// <summary>
    /// Records the deployment and hands it to the engine; 202 with its id. The same <c>Idempotency-Key</c> again answers
    /// the deployment recorded the first time (409 when it asked for something else).
    /// </summary>
    private static async Task<IResult> StartAsync(
        HttpRequest http, StartDeploymentBody? body, DeploymentStore store, IBus bus, CancellationToken cancellationToken)
    {
        string? key = http.Headers["Idempotency-Key"];
        if (key is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            return Problem(StatusCodes.Status400BadRequest, $"The Idempotency-Key header must have 1 to {MaxIdempotencyKeyLength} characters.");
        }

        if (body is null || string.IsNullOrWhiteSpace(body.ModelId) || body.Request.ValueKind != JsonValueKind.Object)
        {
            return Problem(StatusCodes.Status400BadRequest, "The body must be a JSON object with modelId and request (the deploy request, as in a deploy file).");
        }

        var modelType = string.IsNullOrWhiteSpace(body.ModelType) ? Models.ModelType.OpenSource.ToString() : body.ModelType;
        string request;
        try
        {
            // Every rule the SDK checks before sending, checked here: a request it would refuse is never recorded.
            var parsed = KoreModelDeployJson.ParseDeployModelRequest(body.Request.GetRawText());
            KoreRequestValidator.ThrowIfInvalid(parsed, body.ModelId, new Models.ModelType(modelType));
            request = KoreModelDeployJson.Serialize(parsed);
        }
        catch (KoreValidationException e)
        {
            return Problem(StatusCodes.Status400BadRequest, e.Message);
        }

        var (deployment, created, differs) = await store.AddAsync(key, body.ModelId, modelType, request, cancellationToken);
        if (differs)
        {
            return Problem(StatusCodes.Status409Conflict, "This Idempotency-Key was used for another deployment request.");
        }

        // A deployment still ACCEPTED when its key comes again may have lost its message to an instance that died between
        // recording it and handing it over: handing it over again is harmless, the lease and the intent keep it to one request.
        if (created || deployment.State == DeploymentState.Accepted)
        {
            await bus.SendLocal(new StartDeployment(deployment.Id));
        }

        return Results.Json(deployment, FleetJson.Default.Deployment, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The last status recorded by any instance: a read of the database, never a call to the service.</summary>
    private static async Task<IResult> GetAsync(Guid id, DeploymentStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } deployment
            ? Results.Json(deployment, FleetJson.Default.Deployment)
            : Problem(StatusCodes.Status404NotFound, $"There is no deployment {id}.");

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);
}
