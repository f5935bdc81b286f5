using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Manifests;

/// <summary>
/// Checks a model id, type and request against every rule the SDK's client applies before a deploy call, and sends
/// nothing: the client runs over a handler that refuses to send, so reaching the handler means every rule held.
/// </summary>
/// <remarks>The SDK's public surface has no validate call of its own yet; this keeps the rules in one place (the
/// SDK) rather than copying them into the tool.</remarks>
internal sealed class RequestValidator : IDisposable
{
    private readonly RefusingHandler _handler = new();
    private readonly ModelDeploymentClient _client;

    public RequestValidator()
    {
        _client = new ModelDeploymentClient(
            new HttpClient(_handler),
            new KoreModelDeployOptions
            {
                // Never contacted: the handler answers before any socket is opened.
                Host = new Uri("http://127.0.0.1/"),
                ApiKey = "validation-only-no-secret",
                Retry = new KoreRetryOptions { MaxRetries = 0 },
            });
    }

    /// <summary>Every rule the request breaks; empty when it may be sent.</summary>
    public async Task<IReadOnlyList<KoreValidationError>> ValidateAsync(string modelId, string modelType, DeployModelRequest request, CancellationToken cancellationToken)
    {
        _handler.Reset();
        try
        {
            await _client.DeployAsync(modelId, new ModelType(modelType), request, cancellationToken).ConfigureAwait(false);
        }
        catch (KoreValidationException ex)
        {
            return ex.Errors;
        }
        catch (KoreApiException) when (_handler.Reached)
        {
            // The refusal of the handler: the client validated and was about to send.
        }

        return [];
    }

    public void Dispose() => _handler.Dispose();

    private sealed class RefusingHandler : HttpMessageHandler
    {
        private volatile bool _reached;

        public bool Reached => _reached;

        public void Reset() => _reached = false;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _reached = true;
            throw new HttpRequestException("Validation only: nothing is sent.");
        }
    }
}
