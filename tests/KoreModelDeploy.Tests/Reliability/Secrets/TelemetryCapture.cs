using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KoreModelDeploy.Tests.Reliability.Secrets;

/// <summary>Listens to every activity source and every meter in the process and keeps what they emit as text.</summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener { InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument) };
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => RecordMeasurement(i, tags));
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => RecordMeasurement(i, tags));
        _meters.SetMeasurementEventCallback<int>((i, v, tags, _) => RecordMeasurement(i, tags));
        _meters.Start();
    }

    public ConcurrentQueue<string> Activities { get; } = new();

    public ConcurrentQueue<string> Measurements { get; } = new();

    public ConcurrentDictionary<string, int> SourceNames { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> InstrumentNames { get; } = new(StringComparer.Ordinal);

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private void Record(Activity activity)
    {
        SourceNames.AddOrUpdate(activity.Source.Name, 1, (_, n) => n + 1);
        var text = new System.Text.StringBuilder()
            .Append(activity.Source.Name).Append(' ').Append(activity.OperationName).Append(' ').Append(activity.DisplayName)
            .Append(' ').Append(activity.Status).Append(' ').AppendLine(activity.StatusDescription);
        foreach (var (key, value) in activity.TagObjects)
        {
            text.Append("  tag ").Append(key).Append('=').AppendLine(value?.ToString());
        }

        foreach (var (key, value) in activity.Baggage)
        {
            text.Append("  baggage ").Append(key).Append('=').AppendLine(value);
        }

        foreach (var e in activity.Events)
        {
            text.Append("  event ").AppendLine(e.Name);
            foreach (var (key, value) in e.Tags)
            {
                text.Append("    ").Append(key).Append('=').AppendLine(value?.ToString());
            }
        }

        foreach (var link in activity.Links)
        {
            foreach (var (key, value) in link.Tags ?? [])
            {
                text.Append("  link ").Append(key).Append('=').AppendLine(value?.ToString());
            }
        }

        Activities.Enqueue(text.ToString());
    }

    private void RecordMeasurement(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        InstrumentNames.AddOrUpdate(instrument.Name, 1, (_, n) => n + 1);
        var text = new System.Text.StringBuilder().Append(instrument.Meter.Name).Append(' ').AppendLine(instrument.Name);
        foreach (var (key, value) in tags)
        {
            text.Append("  tag ").Append(key).Append('=').AppendLine(value?.ToString());
        }

        Measurements.Enqueue(text.ToString());
    }
}
