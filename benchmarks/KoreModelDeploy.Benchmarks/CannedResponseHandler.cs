using System.Net;
using System.Text;

namespace KoreModelDeploy.Benchmarks;

/// <summary>
/// Answers deploy POSTs and dock status GETs with the vendor's sample documents, without a network, so the clients'
/// own work is what is measured. The request body is read to the end, as a socket handler would, so clients that
/// serialize lazily into the request stream pay for it as well.
/// </summary>
/// <remarks>
/// Every deploy answer carries a dock status id not given before, as the service's would: the SDK holds polls of one
/// job a second apart, so polling one fixed id would measure that budget instead of the client. Building each answer
/// costs every variant the same one small array.
/// </remarks>
public sealed class CannedResponseHandler : HttpMessageHandler
{
    private const int IdDigits = 16;

    private readonly byte[] _deployPrefix;
    private readonly byte[] _deploySuffix;
    private readonly byte[] _statusResponse;
    private long _jobs;

    public CannedResponseHandler(byte[] statusResponse)
    {
        _deployPrefix = Encoding.UTF8.GetBytes(Samples.DeployResponsePrefix);
        _deploySuffix = Encoding.UTF8.GetBytes(Samples.DeployResponseSuffix);
        _statusResponse = statusResponse;
    }

    /// <summary>Starts the ids again from the first, so that runs of different clients see the same answers.</summary>
    public void RestartIds() => Interlocked.Exchange(ref _jobs, 0);

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

        var body = request.Method == HttpMethod.Post ? NextDeployResponse() : _statusResponse;
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(body),
            RequestMessage = request,
        };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", Samples.ContentType);
        response.Content.Headers.ContentLength = body.Length;
        return response;
    }

    private byte[] NextDeployResponse()
    {
        var job = (ulong)Interlocked.Increment(ref _jobs);
        var body = new byte[_deployPrefix.Length + IdDigits + _deploySuffix.Length];
        _deployPrefix.CopyTo(body, 0);
        for (var i = _deployPrefix.Length + IdDigits - 1; i >= _deployPrefix.Length; i--, job >>= 4)
        {
            body[i] = (byte)"0123456789abcdef"[(int)(job & 0xF)];
        }

        _deploySuffix.CopyTo(body, _deployPrefix.Length + IdDigits);
        return body;
    }
}
