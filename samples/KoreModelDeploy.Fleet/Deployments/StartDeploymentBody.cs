using System.Text.Json;

namespace KoreModelDeploy.Fleet.Deployments;

/// <summary>The body of <c>POST /deployments</c>.</summary>
/// <param name="ModelId">The model to deploy.</param>
/// <param name="ModelType">The model's type (<c>openSource</c> when absent).</param>
/// <param name="Request">The deploy request, as in a deploy file.</param>
public sealed record StartDeploymentBody(string? ModelId, string? ModelType, JsonElement Request);
