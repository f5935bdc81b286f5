namespace KoreModelDeploy.Transport;

/// <summary>One logical call: what to send, and whether repeating it is safe.</summary>
internal readonly struct KoreRequest(string operation, HttpMethod method, string pathAndQuery, byte[]? body)
{
    public string Operation { get; } = operation;

    public HttpMethod Method { get; } = method;

    /// <summary>The path and query below the host, starting with <c>/</c>; ids in it are already escaped.</summary>
    public string PathAndQuery { get; } = pathAndQuery;

    /// <summary>The UTF-8 JSON body, serialized once and reused by every attempt.</summary>
    public byte[]? Body { get; } = body;

    /// <summary>Whether repeating the call cannot change what the service does (true for GET only).</summary>
    public bool IsIdempotent => Method == HttpMethod.Get;
}
