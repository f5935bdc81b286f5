using KoreModelDeploy.Diagnostics;
using KoreModelDeploy.Models;
using KoreModelDeploy.Serialization;
using KoreModelDeploy.Transport;
using KoreModelDeploy.Validation;
using Microsoft.Extensions.Logging;
using System.Text.Json;

namespace KoreModelDeploy;

/// <summary>
/// Deploys and undeploys models on Kore.ai's Agent Platform and follows the dock jobs that carry the work out.
/// </summary>
/// <remarks>
/// <para>Register it with <c>services.AddKoreModelDeploy(...)</c>, or construct it directly in console code. It is
/// thread-safe; create one per environment and reuse it.</para>
/// <para>Every request is validated against the vendor's documented rules before it is sent. Get Dock Status is
/// retried on transient failures; deploy and undeploy are sent again only when the service certainly did not act on
/// them (a 429 answer, or a connection that was never established), so a job is never started twice by accident.</para>
/// </remarks>
public class ModelDeploymentClient : IModelDeploymentClient
{
    // One handler for every client built from options alone, so connections are pooled. It follows no redirects and
    // sends nothing for a loopback host through a proxy (see KoreHttpHandlers).
    private static readonly Lazy<HttpMessageHandler> SharedHandler = new(() => KoreHttpHandlers.CreateShared(LoopbackBypassProxy.Platform));

    private const string ModelsPath = "/api/public/models/";

    /// <summary>The handler the plain constructor's clients share.</summary>
    internal static HttpMessageHandler SharedHttpHandler => SharedHandler.Value;

    private readonly HttpClient? _http;
    private readonly KoreTransport? _transport;

    /// <summary>Creates a client for mocking. Members of a client created this way throw unless overridden.</summary>
    protected ModelDeploymentClient()
    {
    }

    /// <summary>Creates a client that uses a shared, pooled HTTP handler. Suits console programs and scripts.</summary>
    /// <param name="options">The host, API key and resilience settings.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each wrong setting.</exception>
    public ModelDeploymentClient(KoreModelDeployOptions options)
        : this(options, null, null)
    {
    }

    /// <summary>
    /// Creates a client that uses the shared, pooled HTTP handler (which follows no redirects and never sends loopback
    /// traffic through a proxy), logging and keeping time as given. Suits command-line tools.
    /// </summary>
    /// <param name="options">The host, API key and resilience settings.</param>
    /// <param name="loggerFactory">Where to log; nothing is logged when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for delays and timeouts; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each wrong setting.</exception>
    public ModelDeploymentClient(KoreModelDeployOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
        : this(new HttpClient(SharedHandler.Value, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, options, loggerFactory, timeProvider)
    {
    }

    /// <summary>Creates a client over an <see cref="HttpClient"/> you own.</summary>
    /// <param name="httpClient">The HTTP client. Its <see cref="HttpClient.Timeout"/> should be infinite or longer than <see cref="KoreModelDeployOptions.Timeout"/>: the client enforces its own timeouts.</param>
    /// <param name="options">The host, API key and resilience settings.</param>
    /// <param name="loggerFactory">Where to log; nothing is logged when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for delays and timeouts; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each wrong setting.</exception>
    public ModelDeploymentClient(HttpClient httpClient, KoreModelDeployOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(httpClient, new KoreTransport(options, loggerFactory, timeProvider))
    {
    }

    internal ModelDeploymentClient(HttpClient httpClient, KoreTransport transport)
    {
        _http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _transport = transport;
    }

    internal KoreTransport Transport => _transport ?? throw new InvalidOperationException("This client was created for mocking and has no transport.");

    internal KoreTransport? TransportOrNull => _transport;

    /// <inheritdoc />
    public virtual async Task<DeployModelResponse> DeployAsync(string modelId, ModelType modelType, DeployModelRequest request, CancellationToken cancellationToken = default)
    {
        KoreRequestValidator.ThrowIfUnsendable(modelId, modelType, request, Transport.AllowUndocumentedValues);

        var body = JsonSerializer.SerializeToUtf8Bytes(request, KoreJsonContext.Default.DeployModelRequest);
        using var activity = KoreTelemetry.StartActivity("deploy");
        activity?.SetTag(KoreTelemetry.ModelIdTag, modelId);
        activity?.SetTag(KoreTelemetry.ModelTypeTag, modelType.ToString());
        var call = new KoreRequest("deploy", HttpMethod.Post, ModelsPath, Uri.EscapeDataString(modelId), DeploySuffix(modelType.ToString()), body);
        return await SendJobAsync(call, activity, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual async Task<DeployModelResponse> UndeployAsync(string modelId, CancellationToken cancellationToken = default)
    {
        _ = Transport;
        ResourceIdValidator.ThrowIfInvalid("modelId", modelId);
        using var activity = KoreTelemetry.StartActivity("undeploy");
        activity?.SetTag(KoreTelemetry.ModelIdTag, modelId);
        var request = new KoreRequest("undeploy", HttpMethod.Post, ModelsPath, Uri.EscapeDataString(modelId), "/undeploy", null);
        return await SendJobAsync(request, activity, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual Task<DockStatus> GetDockStatusAsync(string dockStatusId, CancellationToken cancellationToken = default) =>
        GetDockStatusCoreAsync(dockStatusId, retry: true, cancellationToken);

    /// <inheritdoc />
    public virtual async Task<DockOperation> StartDeployAsync(string modelId, ModelType modelType, DeployModelRequest request, CancellationToken cancellationToken = default)
    {
        var response = await DeployAsync(modelId, modelType, request, cancellationToken).ConfigureAwait(false);
        return new DockOperation(this, response);
    }

    /// <inheritdoc />
    public virtual async Task<DockOperation> StartUndeployAsync(string modelId, CancellationToken cancellationToken = default)
    {
        var response = await UndeployAsync(modelId, cancellationToken).ConfigureAwait(false);
        return new DockOperation(this, response);
    }

    /// <inheritdoc />
    public virtual DockOperation GetDockOperation(string dockStatusId) => new(this, dockStatusId);

    /// <inheritdoc />
    public virtual async Task<DockStatus> DeployAndWaitAsync(string modelId, ModelType modelType, DeployModelRequest request, DockPollingOptions? polling = null, IProgress<DockStatus>? progress = null, CancellationToken cancellationToken = default)
    {
        var operation = await StartDeployAsync(modelId, modelType, request, cancellationToken).ConfigureAwait(false);
        return await operation.WaitForCompletionAsync(polling, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual async Task<DockStatus> UndeployAndWaitAsync(string modelId, DockPollingOptions? polling = null, IProgress<DockStatus>? progress = null, CancellationToken cancellationToken = default)
    {
        var operation = await StartUndeployAsync(modelId, cancellationToken).ConfigureAwait(false);
        return await operation.WaitForCompletionAsync(polling, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a dock job's state (the transport keeps it within the process's poll budget for the id); waits poll
    /// without HTTP-level retries, because the wait absorbs failures itself.
    /// </summary>
    internal async Task<DockStatus> GetDockStatusCoreAsync(string dockStatusId, bool retry, CancellationToken cancellationToken)
    {
        var transport = Transport;
        ResourceIdValidator.ThrowIfInvalid("dockStatusId", dockStatusId);
        var request = new KoreRequest(KoreRequest.StatusOperation, HttpMethod.Get, "/api/public/dock-status/", Uri.EscapeDataString(dockStatusId), null, null);
        using var activity = KoreTelemetry.StartActivity("status");
        activity?.SetTag(KoreTelemetry.DockStatusIdTag, dockStatusId);
        var status = await transport.SendAsync(_http!, request, KoreJsonContext.Default.DockStatus, MissingStatus, retry, activity, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(status.Id))
        {
            // The vendor's documents always carry _id; when a gateway drops it, the id asked for is the id.
            status.Id = dockStatusId;
        }

        activity?.SetTag(KoreTelemetry.DockStatusTag, status.Status.ToString());
        return status;
    }

    private async ValueTask<DeployModelResponse> SendJobAsync(KoreRequest request, System.Diagnostics.Activity? activity, CancellationToken cancellationToken)
    {
        var response = await Transport.SendAsync(_http!, request, KoreJsonContext.Default.DeployModelResponse, MissingDockStatusId, retry: true, activity, cancellationToken).ConfigureAwait(false);
        activity?.SetTag(KoreTelemetry.DockStatusIdTag, response.DockStatusId);
        activity?.SetTag(KoreTelemetry.DockStatusTag, response.Status.ToString());
        return response;
    }

    private static string? MissingStatus(DockStatus status) => status.Status.IsDefault ? "status" : null;

    // The id must be one the client can poll with: a job was started, so a bad id is an unreadable answer, not bad input.
    private static string? MissingDockStatusId(DeployModelResponse response) =>
        ResourceIdValidator.IsUsable(response.DockStatusId) ? null : "usable dock-statusId";

    // The documented model types get a cached suffix; any other spelling is sent as given.
    private static string DeploySuffix(string modelType) => modelType switch
    {
        "openSource" => "/deploy?modelType=openSource",
        "fineTune" => "/deploy?modelType=fineTune",
        _ => "/deploy?modelType=" + Uri.EscapeDataString(modelType),
    };
}
