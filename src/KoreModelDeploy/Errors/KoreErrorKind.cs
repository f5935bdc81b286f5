namespace KoreModelDeploy;

/// <summary>What kind of failure a <see cref="KoreApiException"/> reports.</summary>
public enum KoreErrorKind
{
    /// <summary>The service answered with a status this package does not classify further (for example 409).</summary>
    Other = 0,

    /// <summary>400: the service rejected the request. See <see cref="KoreApiException.ServiceMessage"/>.</summary>
    BadRequest,

    /// <summary>401 or 403: the API key is missing, wrong, or lacks permission.</summary>
    Authentication,

    /// <summary>404: the model or dock status id does not exist.</summary>
    NotFound,

    /// <summary>429: too many requests. <see cref="KoreApiException.RetryAfter"/> says when to try again, if the service said.</summary>
    RateLimited,

    /// <summary>5xx: the service or a gateway in front of it failed.</summary>
    ServerError,

    /// <summary>The service answered with a success status but a body that could not be read (not JSON, truncated, or missing a required field).</summary>
    InvalidResponse,

    /// <summary>No answer came within the configured attempt or overall timeout.</summary>
    Timeout,

    /// <summary>The request could not be sent or the answer could not be received (DNS, refused or reset connection, TLS).</summary>
    Network,
}
