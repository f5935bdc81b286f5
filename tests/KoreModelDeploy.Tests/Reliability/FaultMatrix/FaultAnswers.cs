using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using KoreModelDeploy.Tests.Reliability.Support;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Reliability.FaultMatrix;

/// <summary>
/// The answer side of a MockHttp expectation (<c>mock.When("*").Respond(faults.Respond)</c>) that plays the vendor API
/// with one fault injected, on the first request to each endpoint or on every request. Error bodies, a request-id
/// header and a job failure message all echo the API key back, as careless services do.
/// </summary>
/// <remarks>
/// Follows <see cref="ResponseScript"/>'s conventions: a failure is thrown synchronously, and a request that is never
/// answered is a task that never completes, which MockHttp ends when the client's attempt timeout cancels it.
/// </remarks>
internal sealed class FaultAnswers(Fault fault, FaultMode mode, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<SentRequest> _log = [];
    private long _activity;
    private int _readableStatusAnswers;

    /// <summary>Requests and body reads so far: a count that moved means the client is still at work.</summary>
    public long Activity => Interlocked.Read(ref _activity);

    public IReadOnlyList<SentRequest> Log
    {
        get
        {
            lock (_gate)
            {
                return [.. _log];
            }
        }
    }

    public int Count(string endpoint) => Log.Count(r => r.Endpoint == endpoint);

    public static string EndpointOf(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        return path.EndsWith("/undeploy", StringComparison.Ordinal) ? "undeploy"
            : path.EndsWith("/deploy", StringComparison.Ordinal) ? "deploy"
            : path.Contains("/dock-status/", StringComparison.Ordinal) ? "status"
            : "other";
    }

    public Task<HttpResponseMessage> Respond(HttpRequestMessage request)
    {
        Interlocked.Increment(ref _activity);
        var endpoint = EndpointOf(request);
        bool faulted;
        lock (_gate)
        {
            _counts[endpoint] = _counts.GetValueOrDefault(endpoint) + 1;
            faulted = mode == FaultMode.Always || _counts[endpoint] == 1;
            _log.Add(new SentRequest(request.Method, endpoint, request.RequestUri!, faulted ? fault : null));
        }

        if (!faulted)
        {
            return Task.FromResult(Responses.Json(HttpStatusCode.OK, GoodBody(endpoint, extra: null, status: null, dropId: false)));
        }

        return fault switch
        {
            Fault.AttemptTimeout => ResponseScript.Hang(request),
            Fault.ConnectionRefused => throw new HttpRequestException(
                HttpRequestError.ConnectionError,
                "Connection refused (kore.example:443)",
                new SocketException((int)SocketError.ConnectionRefused)),
            _ => Task.FromResult(Answer(endpoint)),
        };
    }

    private HttpResponseMessage Answer(string endpoint)
    {
        var key = ReliabilitySetup.ApiKey;
        var envelope = $$"""{"errors":[{"msg":"Rejected request with x-api-key {{key}}","code":"E-{{key}}"}]}""";
        switch (fault)
        {
            case Fault.RateLimited:
                return Error(HttpStatusCode.TooManyRequests, envelope, "application/json");
            case Fault.RateLimitedRetryAfterSeconds:
                var seconds = Error(HttpStatusCode.TooManyRequests, envelope, "application/json");
                seconds.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
                return seconds;
            case Fault.RateLimitedRetryAfterDate:
                var dated = Error(HttpStatusCode.TooManyRequests, envelope, "application/json");
                dated.Headers.RetryAfter = new RetryConditionHeaderValue(clock.GetUtcNow().AddSeconds(3));
                return dated;
            case Fault.ServerError500:
                return Error(HttpStatusCode.InternalServerError, envelope, "application/json");
            case Fault.BadGatewayHtml502:
                return Error(HttpStatusCode.BadGateway, $"<html><body><h1>502 Bad Gateway</h1><p>upstream rejected x-api-key: {key}</p></body></html>", "text/html");
            case Fault.Unavailable503:
                return Error(HttpStatusCode.ServiceUnavailable, $"Service Unavailable (key {key})", "text/plain");
            case Fault.GatewayTimeout504:
                return Error(HttpStatusCode.GatewayTimeout, string.Empty, "text/plain");
            case Fault.ResetMidResponse:
                var good = Encoding.UTF8.GetBytes(GoodBody(endpoint, null, "IN_PROGRESS", false));
                return new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StreamContent(new FailingStream(good.AsMemory(0, good.Length / 2), () => Interlocked.Increment(ref _activity))),
                };
            case Fault.TruncatedJson:
                var whole = GoodBody(endpoint, $$"""{"echo":"{{key}}"}""", "IN_PROGRESS", false);
                return Responses.Json(HttpStatusCode.OK, whole[..(whole.IndexOf(key, StringComparison.Ordinal) + key.Length + 8)]);
            case Fault.EmptyBody:
                return Responses.Json(HttpStatusCode.OK, string.Empty);
            case Fault.HtmlBody200:
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($"<html><body>Sign in again ({key})</body></html>", Encoding.UTF8, "text/html") };
            case Fault.TenMegabyteBody:
                var huge = new StreamContent(new HugeJsonStream(10 * 1024 * 1024, () => Interlocked.Increment(ref _activity)));
                huge.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = huge };
            case Fault.UnknownFields:
                return Responses.Json(HttpStatusCode.OK, GoodBody(endpoint, """{"extra":{"nested":[1,2.5,{"x":null}],"flag":true},"future":"value","guardrail":"g-1"}""", null, false));
            case Fault.UnknownStatus:
                return Responses.Json(HttpStatusCode.OK, GoodBody(endpoint, null, "QUEUED", false));
            case Fault.NullEverywhere:
                return Responses.Json(HttpStatusCode.OK, endpoint == "status"
                    ? """{"_id":null,"modelId":null,"toolId":null,"jobType":null,"action":null,"status":null,"message":null}"""
                    : """{"dock-statusId":null,"dockStatusId":null,"modelId":null,"guardrail":null,"jobType":null,"action":null,"status":null}""");
            case Fault.MissingId:
                return Responses.Json(HttpStatusCode.OK, GoodBody(endpoint, null, null, dropId: true));
            case Fault.JobFailed:
                return Responses.Json(HttpStatusCode.OK, GoodBody(endpoint, $$"""{"message":"GPU quota exceeded for x-api-key {{key}}"}""", "FAILED", false));
            default:
                throw new InvalidOperationException("No answer scripted for " + fault);
        }
    }

    /// <summary>A normal answer; a null status takes the job's next state, so only answers the client can read advance it.</summary>
    private string GoodBody(string endpoint, string? extra, string? status, bool dropId)
    {
        var fields = new List<string>();
        if (endpoint == "status")
        {
            status ??= Interlocked.Increment(ref _readableStatusAnswers) == 1 ? "IN_PROGRESS" : "SUCCESS";

            if (!dropId)
            {
                fields.Add($"\"_id\":\"{TestIds.DockStatusId}\"");
            }

            fields.Add($"\"modelId\":\"{TestIds.ModelId}\",\"jobType\":\"MODELS\",\"action\":\"DEPLOY\",\"status\":\"{status}\"");
        }
        else
        {
            if (!dropId)
            {
                fields.Add($"\"dock-statusId\":\"{TestIds.DockStatusId}\"");
            }

            var action = endpoint == "undeploy" ? "UNDEPLOY" : "DEPLOY";
            fields.Add($"\"modelId\":\"{TestIds.ModelId}\",\"jobType\":\"MODELS\",\"action\":\"{action}\",\"status\":\"{status ?? "IN_PROGRESS"}\"");
        }

        if (extra is not null)
        {
            // Extra members go first so that a truncated body cuts through them.
            fields.Insert(0, extra[1..^1]);
        }

        return "{" + string.Join(",", fields) + "}";
    }

    private static HttpResponseMessage Error(HttpStatusCode status, string body, string mediaType)
    {
        var response = Responses.Text(status, body, mediaType);
        response.Headers.TryAddWithoutValidation("x-request-id", "req-" + ReliabilitySetup.ApiKey);
        return response;
    }
}

/// <summary>One request the fault matrix answered, and the fault it answered with (null for a normal answer).</summary>
internal sealed record SentRequest(HttpMethod Method, string Endpoint, Uri Uri, Fault? Fault);
