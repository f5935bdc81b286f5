using KoreModelDeploy.Benchmarks.Wire;
using Refit;

namespace KoreModelDeploy.Benchmarks.Peers;

/// <summary>The two calls as a Refit interface.</summary>
[Headers("Accept: application/json")]
public interface IKoreRefitApi
{
    [Post("/api/public/models/{modelId}/deploy")]
    Task<WireDeployResponse> DeployAsync(
        string modelId,
        [Query] string modelType,
        [Body(BodySerializationMethod.Serialized, buffered: true)] WireDeployRequest request,
        [Header("x-api-key")] string apiKey,
        CancellationToken cancellationToken = default);

    [Get("/api/public/dock-status/{dockStatusId}")]
    Task<WireDockStatus> GetDockStatusAsync(string dockStatusId, [Header("x-api-key")] string apiKey, CancellationToken cancellationToken = default);
}
