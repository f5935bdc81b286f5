using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Emulator;

/// <summary>Settings for <see cref="KoreEmulator.StartAsync(KoreEmulatorOptions?, CancellationToken)"/>; read once at start.</summary>
public sealed class KoreEmulatorOptions
{
    /// <summary>The built-in API key: a fixed, non-secret value so tests need no configuration.</summary>
    public const string DefaultApiKey = "kg-emulator-local-key";

    /// <summary>The value every request must send in the <c>x-api-key</c> header. Defaults to <see cref="DefaultApiKey"/>.</summary>
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>The loopback port to listen on; 0 (the default) picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>How long a deploy or undeploy job stays <c>IN_PROGRESS</c>, measured on <see cref="TimeProvider"/>. Defaults to 3 seconds.</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The clock for job durations, rate-limit windows and <see cref="EmulatorFault.SlowResponse(TimeSpan)"/>.
    /// Pass a <c>FakeTimeProvider</c> to finish jobs by advancing time instead of waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Whether dock status calls are rate limited per dockStatusId, as the vendor's cloud does. Defaults to true.</summary>
    public bool DockStatusRateLimitEnabled { get; set; } = true;

    /// <summary>Dock status calls allowed per dockStatusId in any sliding 60 seconds. Defaults to the vendor's 60.</summary>
    public int DockStatusRequestsPerMinute { get; set; } = 60;

    /// <summary>Dock status calls allowed per dockStatusId in any sliding hour. Defaults to the vendor's 1,800.</summary>
    public int DockStatusRequestsPerHour { get; set; } = 1800;

    /// <summary>Model ids whose jobs end <c>FAILED</c>, each with the message the dock status reports.</summary>
    public IDictionary<string, string> JobFailuresByModelId { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Model ids whose jobs stay <c>IN_PROGRESS</c> forever.</summary>
    public ISet<string> NeverCompletingModelIds { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>When true, no job ever completes.</summary>
    public bool JobsNeverComplete { get; set; }

    /// <summary>
    /// The share (0 to 1) of jobs that end <c>FAILED</c> with <see cref="DefaultJobFailureMessage"/>. Which jobs fail
    /// depends only on <see cref="Seed"/>, the model id and the action, never on request order, so load tests are repeatable.
    /// </summary>
    public double FailedJobFraction { get; set; }

    /// <summary>The message of jobs failed by <see cref="FailedJobFraction"/>.</summary>
    public string DefaultJobFailureMessage { get; set; } = "Model deployment failed";

    /// <summary>
    /// The share (0 to 1) of dock status calls answered 503 with the JSON error envelope, drawn from a random
    /// sequence seeded with <see cref="Seed"/>.
    /// </summary>
    public double TransientStatusFailureRate { get; set; }

    /// <summary>The seed for <see cref="FailedJobFraction"/> and <see cref="TransientStatusFailureRate"/>.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// When false (the default), a deploy body is held to the documented contract: unknown fields, <c>null</c> values,
    /// integers written with a fraction or an exponent (<c>50.0</c>, <c>1e2</c>), keys repeated in one object and a
    /// <c>Content-Type</c> other than <c>application/json</c> (optionally <c>; charset=utf-8</c>) are refused with a 400,
    /// each message naming its JSON path, so code that passes here does not fail against the vendor for them. When true,
    /// the emulator accepts them as it used to: unknown fields ignored, <c>null</c> taken as absent, <c>50.0</c> as an
    /// integer, the last of repeated keys used, any <c>Content-Type</c>.
    /// </summary>
    public bool Lenient { get; set; }

    /// <summary>
    /// Adds logging providers. Without it the emulator logs nothing; with it, one Information line per request
    /// (never the API key).
    /// </summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ApiKey, nameof(ApiKey));
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 0, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfLessThan(JobDuration, TimeSpan.Zero, nameof(JobDuration));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentOutOfRangeException.ThrowIfLessThan(DockStatusRequestsPerMinute, 1, nameof(DockStatusRequestsPerMinute));
        ArgumentOutOfRangeException.ThrowIfLessThan(DockStatusRequestsPerHour, 1, nameof(DockStatusRequestsPerHour));
        ThrowIfNotFraction(FailedJobFraction, nameof(FailedJobFraction));
        ThrowIfNotFraction(TransientStatusFailureRate, nameof(TransientStatusFailureRate));
        ArgumentException.ThrowIfNullOrWhiteSpace(DefaultJobFailureMessage, nameof(DefaultJobFailureMessage));
    }

    private static void ThrowIfNotFraction(double value, string name)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be between 0 and 1.");
        }
    }
}
