using System.Collections.Concurrent;
using KoreModelDeploy.Tests.Reliability.Support;
using KoreModelDeploy.Tests.TestSupport;
using KoreModelDeploy.Tests.TestSupport.Hostile;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Tests.Reliability.FaultMatrix;

/// <summary>
/// Runs a redirect cell over real sockets: the configured host on 127.0.0.1 answers with the redirect (its body, request
/// id and Location all echoing the key) to another host on 127.0.0.2, through the handler the plain constructor shares.
/// Whether a redirect is followed is decided in that handler, which the matrix's handler-level fake would replace.
/// </summary>
internal static class LoopbackRedirectCell
{
    public static async Task<CellResult> RunAsync(MatrixOperation operation, Fault fault, FaultMode mode, ILoggerFactory? loggers)
    {
        var key = ReliabilitySetup.ApiKey;
        var status = FaultInfo.RedirectStatus(fault);
        await using var elsewhere = HostileServer.Start(HostileServer.OtherHost, request => HostileReply.Json(200, GoodBody(request.Endpoint)));
        var location = elsewhere.Url("/landing?echo=" + key);
        var counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var log = new ConcurrentQueue<SentRequest>();
        HostileServer? service = null;
        service = HostileServer.Start(HostileServer.Service, request =>
        {
            var count = counts.AddOrUpdate(request.Endpoint, 1, (_, n) => n + 1);
            var faulted = mode == FaultMode.Always || count == 1;
            log.Enqueue(new SentRequest(new HttpMethod(request.Method), request.Endpoint, new Uri(service!.BaseAddress, request.Target), faulted ? fault : null));
            return faulted ? HostileReply.Redirect(status, location, key) : HostileReply.Json(200, GoodBody(request.Endpoint));
        });
        await using var _ = service;

        var options = ReliabilitySetup.Options(o => o.Host = service.BaseAddress);
        using var http = new HttpClient(ModelDeploymentClient.SharedHttpHandler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };

        // Real time: every cell ends on its first answer, so no delay or timeout is ever waited for. (A virtual clock
        // could not tell socket I/O from idleness, and would jump to the attempt timeout.)
        var client = new ModelDeploymentClient(http, options, loggers);
        var call = MatrixRunner.Start(client, operation);
        await ((Task)call).ContinueWith(static _ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

        var problems = new List<string>();
        if (elsewhere.Requests.Count > 0)
        {
            problems.Add($"the redirect was followed: {elsewhere.Requests.Count} request(s) reached 127.0.0.2");
        }

        if (call.Exception?.InnerException is KoreApiException api && (api.Status != status || api.RedirectLocation is null))
        {
            problems.Add($"the error should carry status {status} and the redirect's Location, not {api.Status} and '{api.RedirectLocation}'");
        }

        return await MatrixRunner.FinishAsync(operation, fault, mode, options, call, [.. log], problems).ConfigureAwait(false);
    }

    private static string GoodBody(string endpoint) => endpoint == "status"
        ? $$"""{"_id":"{{TestIds.DockStatusId}}","modelId":"{{TestIds.ModelId}}","jobType":"MODELS","action":"DEPLOY","status":"SUCCESS"}"""
        : $$"""{"dock-statusId":"{{TestIds.DockStatusId}}","modelId":"{{TestIds.ModelId}}","jobType":"MODELS","action":"DEPLOY","status":"IN_PROGRESS"}""";
}
