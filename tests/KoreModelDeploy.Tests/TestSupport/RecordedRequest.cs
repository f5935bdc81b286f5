namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>A request as it reached the wire: URL exactly as sent, every header, and the body text.</summary>
public sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    string? Body)
{
    /// <summary>The URL as the client built it, percent-escapes untouched.</summary>
    public string Url => Uri.OriginalString;

    public static RecordedRequest Capture(HttpRequestMessage request)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        string? body = null;
        string? contentType = null;
        if (request.Content is { } content)
        {
            // The client sends an in-memory body, so reading it completes at once.
            body = content.ReadAsStringAsync().GetAwaiter().GetResult();
            contentType = content.Headers.ContentType?.ToString();
        }

        return new RecordedRequest(request.Method, request.RequestUri!, headers, contentType, body);
    }
}
