using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace KoreModelDeploy.Diagnostics;

/// <summary>
/// The package's traces and metrics, in the shape OpenTelemetry collects without this package depending on it:
/// subscribe to the <see cref="ActivitySource"/> and <see cref="Meter"/> both named <c>KoreModelDeploy</c>.
/// </summary>
internal static class KoreTelemetry
{
    public const string SourceName = "KoreModelDeploy";

    public static readonly string Version = typeof(KoreTelemetry).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static readonly ActivitySource ActivitySource = new(SourceName, Version);

    public static readonly Meter Meter = new(SourceName, Version);

    /// <summary>Duration of each HTTP attempt, in seconds, tagged by operation, method and status code.</summary>
    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "kore.client.request.duration", unit: "s", description: "Duration of HTTP attempts made to the Kore API.");

    /// <summary>Retries made by the resilience pipeline, tagged by operation.</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "kore.client.retries", unit: "{retry}", description: "HTTP attempts repeated after a transient failure.");

    /// <summary>Get Dock Status polls made by waits, tagged by outcome.</summary>
    public static readonly Counter<long> Polls = Meter.CreateCounter<long>(
        "kore.client.dock.polls", unit: "{poll}", description: "Get Dock Status polls made while waiting for a dock job.");

    /// <summary>Duration of waits for dock jobs, in seconds, tagged by final status.</summary>
    public static readonly Histogram<double> WaitDuration = Meter.CreateHistogram<double>(
        "kore.client.dock.wait.duration", unit: "s", description: "Duration of waits for dock jobs to end.");

    // Tag names: OpenTelemetry's HTTP semantic conventions where they apply, a kore.* namespace for the rest.
    public const string HttpMethodTag = "http.request.method";
    public const string HttpStatusCodeTag = "http.response.status_code";
    public const string ServerAddressTag = "server.address";
    public const string ErrorTypeTag = "error.type";
    public const string OperationTag = "kore.operation";
    public const string ModelIdTag = "kore.model.id";
    public const string ModelTypeTag = "kore.model.type";
    public const string DockStatusIdTag = "kore.dock_status.id";
    public const string DockStatusTag = "kore.dock_status.status";
    public const string AttemptsTag = "kore.attempt.count";
    public const string PollsTag = "kore.poll.count";

    public static Activity? StartActivity(string operation)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = ActivitySource.StartActivity("Kore " + operation, ActivityKind.Client);
        activity?.SetTag(OperationTag, operation);
        return activity;
    }

    public static void RecordException(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        var errorType = exception is KoreApiException api ? api.Kind.ToString() : exception.GetType().Name;
        activity.SetTag(ErrorTypeTag, errorType);
        activity.SetStatus(ActivityStatusCode.Error, errorType);
    }
}
