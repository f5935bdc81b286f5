using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KoreModelDeploy.Tests.Diagnostics;

/// <summary>
/// Records the SDK's spans and measurements made on behalf of one test, as an OpenTelemetry exporter would see them.
/// </summary>
/// <remarks>
/// Activity and meter listeners are process-wide, and other tests drive the SDK in parallel. The recorder starts a
/// root span of its own and keeps only what happens inside that trace: spans by trace id, and measurements by the
/// trace of the span current when they are recorded, which flows with the test's async calls.
/// </remarks>
internal sealed class TelemetryRecorder : IDisposable
{
    private const string SdkSourceName = "KoreModelDeploy";

    private const string TestSourceName = "KoreModelDeploy.Tests.Telemetry";

    private static readonly ActivitySource TestSource = new(TestSourceName);

    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener;
    private readonly Activity _root;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();

    public TelemetryRecorder()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SdkSourceName or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == SdkSourceName && activity.TraceId == TraceId)
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activityListener);

        _meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SdkSourceName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.Start();

        _root = TestSource.StartActivity("telemetry test")
            ?? throw new InvalidOperationException("The test's own activity source has no listener.");
        TraceId = _root.TraceId;
    }

    public ActivityTraceId TraceId { get; }

    /// <summary>The SDK's spans in this test's trace, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => [.. _spans];

    public IReadOnlyList<RecordedMeasurement> Measurements => [.. _measurements];

    public Activity Span(string name) => Spans.Should().ContainSingle(s => s.DisplayName == name, $"one '{name}' span was expected").Subject;

    public IReadOnlyList<RecordedMeasurement> Of(string instrument) => [.. Measurements.Where(m => m.Instrument == instrument)];

    public void Dispose()
    {
        _root.Dispose();
        _meterListener.Dispose();
        _activityListener.Dispose();
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible
    {
        if (Activity.Current?.TraceId != TraceId)
        {
            return;
        }

        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue(new RecordedMeasurement(instrument.Name, instrument.Unit, value.ToDouble(null), copy));
    }
}

/// <summary>One measurement, with the tags it was recorded with.</summary>
internal sealed record RecordedMeasurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags);
