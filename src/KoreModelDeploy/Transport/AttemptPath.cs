namespace KoreModelDeploy.Transport;

/// <summary>
/// Where an attempt's request got to, as far as the client can tell once the attempt is over. Retry decisions and
/// "may the service have acted" depend on it: the rule that a connection never established means nothing was sent holds
/// only for the configured host's first hop.
/// </summary>
internal enum AttemptPath : byte
{
    /// <summary>The request went to the URL the client built on the configured host, and nowhere else.</summary>
    FirstHop,

    /// <summary>A handler of the caller's followed a redirect to another URL on the configured host's origin.</summary>
    RedirectedWithinOrigin,

    /// <summary>A handler of the caller's followed a redirect to another origin: nothing from there is trusted.</summary>
    OtherOrigin,

    /// <summary>.NET refused the request before sending any of it (a header value it cannot encode).</summary>
    NotSent,
}
