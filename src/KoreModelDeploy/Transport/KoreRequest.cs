namespace KoreModelDeploy.Transport;

/// <summary>One logical call: what to send, and whether repeating it is safe.</summary>
/// <remarks>
/// The path is kept in pieces (a fixed prefix, an escaped id, a fixed suffix) so that sending joins them with the base
/// address into one URL string; the path alone is only built when a log entry or an error needs it.
/// </remarks>
internal readonly struct KoreRequest
{
    private readonly string _pathPrefix;
    private readonly string? _escapedId;
    private readonly string? _pathSuffix;

    /// <param name="operation">The operation name used in logs, traces and metrics.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="pathPrefix">The path up to the id, starting with <c>/</c>.</param>
    /// <param name="escapedId">The id, already percent-escaped.</param>
    /// <param name="pathSuffix">The rest of the path and the query.</param>
    /// <param name="body">The UTF-8 JSON body.</param>
    public KoreRequest(string operation, HttpMethod method, string pathPrefix, string? escapedId, string? pathSuffix, byte[]? body)
    {
        Operation = operation;
        Method = method;
        _pathPrefix = pathPrefix;
        _escapedId = escapedId;
        _pathSuffix = pathSuffix;
        Body = body;
    }

    public string Operation { get; }

    public HttpMethod Method { get; }

    /// <summary>The path and query below the host, starting with <c>/</c>; ids in it are already escaped.</summary>
    public string PathAndQuery => _escapedId is null && _pathSuffix is null ? _pathPrefix : string.Concat(_pathPrefix, _escapedId, _pathSuffix);

    /// <summary>The operation name of Get Dock Status, the one call that polls a job.</summary>
    public const string StatusOperation = "status";

    /// <summary>The dock status id a Get Dock Status call polls, as escaped in its path: the key of its poll budget.</summary>
    public string? PolledId => string.Equals(Operation, StatusOperation, StringComparison.Ordinal) ? _escapedId : null;

    /// <summary>The UTF-8 JSON body, serialized once and reused by every attempt.</summary>
    public byte[]? Body { get; }

    /// <summary>Whether repeating the call cannot change what the service does (true for GET only).</summary>
    public bool IsIdempotent => Method == HttpMethod.Get;

    /// <summary>The absolute URL below <paramref name="baseAddress"/> (which has no trailing slash), built in one allocation.</summary>
    public string ToAbsoluteUrl(string baseAddress) => string.Concat(baseAddress, _pathPrefix, _escapedId, _pathSuffix);
}
