namespace KoreModelDeploy.Transport;

/// <summary>
/// An answer whose body has already been read inside the attempt, so that the attempt's timeout covers the body too
/// and a connection dropped mid-body counts as a failed attempt.
/// </summary>
internal sealed class KoreHttpResponse(HttpResponseMessage message, byte[] body) : IDisposable
{
    public HttpResponseMessage Message { get; } = message;

    public byte[] Body { get; } = body;

    public int StatusCode => (int)Message.StatusCode;

    public bool IsSuccess => Message.IsSuccessStatusCode;

    public void Dispose() => Message.Dispose();
}
