using System.Net;

namespace KoreModelDeploy.Benchmarks;

/// <summary>
/// Answers deploy POSTs and dock status GETs with the vendor's sample documents, without a network, so the clients'
/// own work is what is measured. The request body is read to the end, as a socket handler would, so clients that
/// serialize lazily into the request stream pay for it as well.
/// </summary>
public sealed class CannedResponseHandler : HttpMessageHandler
{
    private readonly byte[] _deployResponse;
    private readonly byte[] _statusResponse;

    public CannedResponseHandler(byte[] deployResponse, byte[] statusResponse)
    {
        _deployResponse = deployResponse;
        _statusResponse = statusResponse;
    }

    /// <summary>When set, receives every request with its body, for checking that all clients send the same thing.</summary>
    public Action<HttpRequestMessage, byte[]>? Inspector { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            if (Inspector is { } inspect)
            {
                inspect(request, await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            }
            else
            {
                await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            Inspector?.Invoke(request, []);
        }

        var body = request.Method == HttpMethod.Post ? _deployResponse : _statusResponse;
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(body),
            RequestMessage = request,
        };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", Samples.ContentType);
        response.Content.Headers.ContentLength = body.Length;
        return response;
    }
}
