using System.Net;
using System.Text;

namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>Builds answers for <see cref="ResponseScript"/> steps.</summary>
public static class Responses
{
    public static HttpResponseMessage Json(HttpStatusCode status, string json) => Text(status, json, "application/json");

    public static HttpResponseMessage Text(HttpStatusCode status, string body, string mediaType) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Status(int status) => new((HttpStatusCode)status) { Content = new ByteArrayContent([]) };

    public static HttpResponseMessage RetryAfterSeconds(int status, int seconds)
    {
        var response = Status(status);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return response;
    }
}
