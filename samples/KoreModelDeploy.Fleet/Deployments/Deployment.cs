namespace KoreModelDeploy.Fleet.Deployments;

/// <summary>A deployment as the service last recorded it: what <c>GET /deployments/{id}</c> answers.</summary>
/// <param name="Id">The service's id of the deployment.</param>
/// <param name="ModelId">The model deployed.</param>
/// <param name="State">One of <see cref="DeploymentState"/>.</param>
/// <param name="DockStatusId">The vendor's job id, once the deploy request was answered.</param>
/// <param name="Message">The vendor's message, or why the state is what it is.</param>
/// <param name="Polls">How many status polls the instances made, together.</param>
/// <param name="UpdatedBy">The instance that recorded the state.</param>
/// <param name="UpdatedAt">When it did, on the database's clock.</param>
public sealed record Deployment(
    Guid Id,
    string ModelId,
    string State,
    string? DockStatusId,
    string? Message,
    int Polls,
    string UpdatedBy,
    DateTimeOffset UpdatedAt);
