using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.Reliability.Support;
using KoreModelDeploy.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Reliability.FaultMatrix;

/// <summary>What one cell of the matrix did, next to what the rules say it must do.</summary>
internal sealed record CellResult(
    MatrixOperation Operation,
    Fault Fault,
    FaultMode Mode,
    CellOutcome Expected,
    CellOutcome Observed,
    Exception? Exception,
    int DuplicatePosts,
    bool LeaksKey,
    IReadOnlyList<string> Problems)
{
    public bool Passed => Expected == Observed && DuplicatePosts == 0 && !LeaksKey && Problems.Count == 0;

    public override string ToString() =>
        $"{Operation} × {FaultInfo.Describe(Fault)} ({Mode}): expected {Expected.Display}, observed {Observed.Display}" +
        (Exception is null ? string.Empty : $" [{Exception.GetType().Name}: {Exception.Message}]") +
        (DuplicatePosts > 0 ? $" duplicate POSTs: {DuplicatePosts}" : string.Empty) +
        (LeaksKey ? " LEAKS THE KEY" : string.Empty) +
        (Problems.Count > 0 ? " problems: " + string.Join("; ", Problems) : string.Empty);
}

/// <summary>Runs one cell: fresh fault answers, client and clock; the call driven to its end on virtual time.</summary>
internal static class MatrixRunner
{
    public static async Task<CellResult> RunAsync(MatrixOperation operation, Fault fault, FaultMode mode, ILoggerFactory? loggers = null)
    {
        if (FaultInfo.Classify(fault) == FaultClass.Redirect)
        {
            return await LoopbackRedirectCell.RunAsync(operation, fault, mode, loggers).ConfigureAwait(false);
        }

        var options = ReliabilitySetup.Options();
        var clock = new TestClock();
        var faults = new FaultAnswers(fault, mode, clock);
        using var mock = TestClients.StrictMock();
        mock.When("*").Respond(faults.Respond);
        var client = ReliabilitySetup.Client(mock, clock, options, loggers);
        var call = Start(client, operation);

        // The answers count requests and body reads; a count that moved since the last look means work is under way.
        // Half-second steps, not jumps: a stalled continuation must not be taken for a caller parked until a far timeout.
        var seen = faults.Activity;
        bool IsBusy()
        {
            var now = faults.Activity;
            var moved = now != seen;
            seen = now;
            return moved;
        }

        await clock.RunAsync(call, IsBusy, limit: TimeSpan.FromMinutes(10), step: TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
        return await FinishAsync(operation, fault, mode, options, call, faults.Log, []).ConfigureAwait(false);
    }

    /// <summary>Starts the cell's call.</summary>
    public static Task<object> Start(ModelDeploymentClient client, MatrixOperation operation) => operation switch
    {
        MatrixOperation.Deploy => Box(client.DeployAsync(TestIds.ModelId, ModelType.OpenSource, ReliabilitySetup.Request)),
        MatrixOperation.Undeploy => Box(client.UndeployAsync(TestIds.ModelId)),
        MatrixOperation.GetStatus => Box(client.GetDockStatusAsync(TestIds.DockStatusId)),
        _ => Box(client.GetDockOperation(TestIds.DockStatusId).WaitForCompletionAsync()),
    };

    /// <summary>Observes how a finished call ended and checks it against the rules and the log of what was answered.</summary>
    public static async Task<CellResult> FinishAsync(
        MatrixOperation operation,
        Fault fault,
        FaultMode mode,
        KoreModelDeployOptions options,
        Task<object> call,
        IReadOnlyList<SentRequest> log,
        IReadOnlyList<string> cellProblems)
    {
        object? value = null;
        Exception? error = null;
        try
        {
            value = await call.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every exception is an observation here, including the ones that must never happen.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = ex;
        }

        var endpoint = operation switch
        {
            MatrixOperation.Deploy => "deploy",
            MatrixOperation.Undeploy => "undeploy",
            _ => "status",
        };
        var requests = log.Count(r => r.Endpoint == endpoint);
        var observed = error switch
        {
            null => CellOutcome.Ok(requests),
            KoreApiException api => CellOutcome.Api(api.Kind, requests),
            KoreJobFailedException => new CellOutcome(OutcomeKind.JobFailed, null, requests),
            KoreJobTimeoutException => new CellOutcome(OutcomeKind.JobTimeout, null, requests),
            _ => new CellOutcome(OutcomeKind.Unhandled, null, requests),
        };

        return new CellResult(
            operation,
            fault,
            mode,
            MatrixRules.Expect(operation, fault, mode, options),
            observed,
            error,
            CountDuplicatePosts(log),
            SecretScanner.Leaks(error),
            [.. FindProblems(operation, fault, mode, value, error, requests), .. cellProblems]);
    }

    /// <summary>A POST sent again after anything but a 429 or a refused connection may have started a second job.</summary>
    public static int CountDuplicatePosts(IReadOnlyList<SentRequest> log)
    {
        var duplicates = 0;
        foreach (var group in log.Where(r => r.Method == HttpMethod.Post).GroupBy(r => r.Endpoint))
        {
            SentRequest? previous = null;
            foreach (var request in group)
            {
                var resendAllowed = previous is null
                    || (previous.Fault is { } fault && FaultInfo.Classify(fault) is FaultClass.Throttled or FaultClass.NotConnected);
                if (!resendAllowed)
                {
                    duplicates++;
                }

                previous = request;
            }
        }

        return duplicates;
    }

    private static List<string> FindProblems(MatrixOperation operation, Fault fault, FaultMode mode, object? value, Exception? error, int requests)
    {
        var problems = new List<string>();
        if (value is DockStatus status && operation == MatrixOperation.GetStatus)
        {
            if (fault == Fault.MissingId && status.Id != TestIds.DockStatusId)
            {
                problems.Add($"a status without _id should carry the id asked for, not '{status.Id}'");
            }

            if (fault == Fault.UnknownStatus && status.Status.ToString() != "QUEUED")
            {
                problems.Add($"an unknown status should come back as sent, not '{status.Status}'");
            }
        }

        if (value is DockStatus final && operation == MatrixOperation.Wait && final.Status != DockJobStatus.Success)
        {
            problems.Add($"a wait returned {final.Status} instead of SUCCESS");
        }

        if (error is KoreApiException api)
        {
            if (operation != MatrixOperation.Wait && api.Attempts != requests)
            {
                problems.Add($"Attempts is {api.Attempts} but {requests} requests were sent");
            }

            if (mode == FaultMode.Always && fault is Fault.RateLimitedRetryAfterSeconds or Fault.RateLimitedRetryAfterDate && api.RetryAfter is null)
            {
                problems.Add("RetryAfter is missing although the service sent Retry-After");
            }
        }

        if (error is KoreJobTimeoutException timeout && timeout.DockStatusId != TestIds.DockStatusId)
        {
            problems.Add("the timeout does not carry the job id needed to resume");
        }

        return problems;
    }

    private static async Task<object> Box<T>(Task<T> task)
        where T : notnull => await task.ConfigureAwait(false);
}
