using KoreModelDeploy.Models;

namespace KoreModelDeploy;

/// <summary>
/// Deploys and undeploys models on Kore.ai's Agent Platform and follows the dock jobs that carry the work out.
/// Implemented by <see cref="ModelDeploymentClient"/>; mock this interface in tests of code that uses it.
/// </summary>
public interface IModelDeploymentClient
{
    /// <summary>Starts deploying a model (Deploy a Model). Returns as soon as the service accepted the job.</summary>
    /// <param name="modelId">The model id, for example <c>cm-…</c>.</param>
    /// <param name="modelType">Whether the model is open-source or fine-tuned.</param>
    /// <param name="request">The deployment settings; validated before anything is sent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The service's answer, whose <see cref="DeployModelResponse.DockStatusId"/> identifies the job.</returns>
    /// <exception cref="KoreValidationException">The request or an id breaks a documented rule; nothing was sent.</exception>
    /// <exception cref="KoreApiException">The service refused the call, answered unreadably, or could not be reached.</exception>
    Task<DeployModelResponse> DeployAsync(string modelId, ModelType modelType, DeployModelRequest request, CancellationToken cancellationToken = default);

    /// <summary>Starts undeploying a model (Undeploy a Model). Returns as soon as the service accepted the job.</summary>
    /// <param name="modelId">The model id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The service's answer, whose <see cref="DeployModelResponse.DockStatusId"/> identifies the job.</returns>
    /// <exception cref="KoreValidationException">The id breaks a documented rule; nothing was sent.</exception>
    /// <exception cref="KoreApiException">The service refused the call, answered unreadably, or could not be reached.</exception>
    Task<DeployModelResponse> UndeployAsync(string modelId, CancellationToken cancellationToken = default);

    /// <summary>Reads the state of a dock job once (Get Dock Status).</summary>
    /// <param name="dockStatusId">The id a deploy or undeploy call returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job's state.</returns>
    /// <exception cref="KoreValidationException">The id is empty or unsafe in a URL; nothing was sent.</exception>
    /// <exception cref="KoreApiException">The service refused the call, answered unreadably, or could not be reached.</exception>
    Task<DockStatus> GetDockStatusAsync(string dockStatusId, CancellationToken cancellationToken = default);

    /// <summary>Starts deploying a model and returns an operation to follow the job with.</summary>
    /// <inheritdoc cref="DeployAsync" path="/param"/>
    /// <returns>The operation; call <see cref="DockOperation.WaitForCompletionAsync(CancellationToken)"/> to wait for it.</returns>
    /// <exception cref="KoreValidationException">The request or an id breaks a documented rule; nothing was sent.</exception>
    /// <exception cref="KoreApiException">The service refused the call, answered unreadably, or could not be reached.</exception>
    Task<DockOperation> StartDeployAsync(string modelId, ModelType modelType, DeployModelRequest request, CancellationToken cancellationToken = default);

    /// <summary>Starts undeploying a model and returns an operation to follow the job with.</summary>
    /// <inheritdoc cref="UndeployAsync" path="/param"/>
    /// <returns>The operation; call <see cref="DockOperation.WaitForCompletionAsync(CancellationToken)"/> to wait for it.</returns>
    /// <exception cref="KoreValidationException">The id breaks a documented rule; nothing was sent.</exception>
    /// <exception cref="KoreApiException">The service refused the call, answered unreadably, or could not be reached.</exception>
    Task<DockOperation> StartUndeployAsync(string modelId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns an operation for a dock job started earlier, possibly by another process: the id is all it needs.
    /// No call is made until the operation is polled.
    /// </summary>
    /// <param name="dockStatusId">The id a deploy or undeploy call returned.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="KoreValidationException">The id is empty or unsafe in a URL.</exception>
    DockOperation GetDockOperation(string dockStatusId);

    /// <summary>Deploys a model and waits until its job ends.</summary>
    /// <param name="modelId">The model id.</param>
    /// <param name="modelType">Whether the model is open-source or fine-tuned.</param>
    /// <param name="request">The deployment settings; validated before anything is sent.</param>
    /// <param name="polling">How to poll; the client's <see cref="KoreModelDeployOptions.Polling"/> when <see langword="null"/>.</param>
    /// <param name="progress">Told of every status change, the first included.</param>
    /// <param name="cancellationToken">Cancels the call and the wait (the job itself goes on).</param>
    /// <returns>The final status, <see cref="DockJobStatus.Success"/>.</returns>
    /// <exception cref="KoreValidationException">The request or an id breaks a documented rule; nothing was sent.</exception>
    /// <exception cref="KoreApiException">A call failed in a way the wait does not absorb.</exception>
    /// <exception cref="KoreJobFailedException">The job ended <see cref="DockJobStatus.Failed"/>.</exception>
    /// <exception cref="KoreJobTimeoutException">The job did not end within the polling timeout, or the service asked for a pause longer than the wait had left.</exception>
    Task<DockStatus> DeployAndWaitAsync(string modelId, ModelType modelType, DeployModelRequest request, DockPollingOptions? polling = null, IProgress<DockStatus>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Undeploys a model and waits until its job ends.</summary>
    /// <param name="modelId">The model id.</param>
    /// <param name="polling">How to poll; the client's <see cref="KoreModelDeployOptions.Polling"/> when <see langword="null"/>.</param>
    /// <param name="progress">Told of every status change, the first included.</param>
    /// <param name="cancellationToken">Cancels the call and the wait (the job itself goes on).</param>
    /// <returns>The final status, <see cref="DockJobStatus.Success"/>.</returns>
    /// <exception cref="KoreValidationException">The id breaks a documented rule; nothing was sent.</exception>
    /// <exception cref="KoreApiException">A call failed in a way the wait does not absorb.</exception>
    /// <exception cref="KoreJobFailedException">The job ended <see cref="DockJobStatus.Failed"/>.</exception>
    /// <exception cref="KoreJobTimeoutException">The job did not end within the polling timeout, or the service asked for a pause longer than the wait had left.</exception>
    Task<DockStatus> UndeployAndWaitAsync(string modelId, DockPollingOptions? polling = null, IProgress<DockStatus>? progress = null, CancellationToken cancellationToken = default);
}
