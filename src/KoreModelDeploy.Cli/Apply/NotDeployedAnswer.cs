namespace KoreModelDeploy.Cli.Apply;

/// <summary>
/// Tells the service's own "this model is not deployed" apart from every other 404: only the first lets a redeploy or
/// a prune go on as if nothing had been deployed.
/// </summary>
internal static class NotDeployedAnswer
{
    /// <summary>
    /// Whether an undeploy's failure is the service saying the model is not deployed: HTTP 404 with the vendor's error
    /// document, <c>{"errors":[{"msg":…,"code":…}]}</c>, which the SDK reads into <see cref="KoreApiException.ErrorCode"/>
    /// and <see cref="KoreApiException.ServiceMessage"/>. A 404 without it (a gateway's or proxy's HTML page, a
    /// <c>{"message":…}</c> body, no body) says nothing about the model, only that the address led nowhere: a wrong host
    /// or path. It stays an API error.
    /// </summary>
    public static bool Matches(Exception exception) =>
        exception is KoreApiException { Status: 404, ErrorCode.Length: > 0, ServiceMessage.Length: > 0, RedirectLocation: null };
}
