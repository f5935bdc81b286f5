using System.ComponentModel.DataAnnotations;

namespace KoreModelDeploy;

/// <summary>
/// How a wait for a dock job polls Get Dock Status: a delay that grows from <see cref="InitialDelay"/> by
/// <see cref="Multiplier"/> up to <see cref="MaxDelay"/>, randomized by <see cref="Jitter"/>, for at most <see cref="Timeout"/>.
/// </summary>
/// <remarks>
/// <para>
/// The defaults suit model deployments, which take minutes, and stay within the vendor's limit for Get Dock Status
/// (60 calls a minute and 1,800 an hour for one id) however long a wait lasts: no two polls are closer than
/// 4 seconds (5 s less 20% jitter), so at most 15 a minute and, at the 30-second ceiling, about 120 an hour.
/// A <c>Retry-After</c> from the service replaces the scheduled delay, held to at least 1 second (which keeps even
/// <c>Retry-After: 0</c> within the limit) and at most <see cref="Timeout"/>.
/// </para>
/// <para>
/// The settings are read when they are used: a client copies its <see cref="KoreModelDeployOptions.Polling"/> when it
/// is built, and a wait copies the options it is given when it starts, so changing an instance afterwards changes
/// neither.
/// </para>
/// </remarks>
public sealed class DockPollingOptions
{
    /// <summary>The delay before the first poll. Default 5 seconds; from 10 milliseconds to 1 hour.</summary>
#pragma warning disable IL2026 // Read only by the generated validator, which uses its own copy of RangeAttribute: no reflection.
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = OptionsMessages.Range)]
#pragma warning restore IL2026
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How much each delay grows over the previous one. Default 1.5; from 1 (constant delay) to 10.</summary>
    [Range(1.0, 10.0, ErrorMessage = OptionsMessages.Range)]
    public double Multiplier { get; set; } = 1.5;

    /// <summary>
    /// The ceiling of the schedule before jitter, so a delay can reach <c>MaxDelay × (1 + Jitter)</c>. Default 30 seconds;
    /// from 10 milliseconds to 1 hour, not less than <see cref="InitialDelay"/>.
    /// </summary>
#pragma warning disable IL2026 // Read only by the generated validator, which uses its own copy of RangeAttribute: no reflection.
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = OptionsMessages.Range)]
#pragma warning restore IL2026
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The fraction by which each delay is randomly shortened or lengthened, so many waits do not poll in step.
    /// Default 0.2 (±20%); from 0 (none) to 0.5.
    /// </summary>
    [Range(0.0, 0.5, ErrorMessage = OptionsMessages.Range)]
    public double Jitter { get; set; } = 0.2;

    /// <summary>
    /// How long a wait lasts at most before it fails with <see cref="KoreJobTimeoutException"/>, which carries the id so
    /// the wait can be resumed. Default 1 hour; from 1 second to 1 day (the longest timeout Polly accepts).
    /// </summary>
#pragma warning disable IL2026 // Read only by the generated validator, which uses its own copy of RangeAttribute: no reflection.
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = OptionsMessages.Range)]
#pragma warning restore IL2026
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many polls in a row may fail transiently (timeouts, network errors, 429, 5xx, unreadable answers) before the
    /// wait gives up with the last error. A successful poll resets the count. Default 10; from 0 to 1,000.
    /// </summary>
    [Range(0, 1000, ErrorMessage = OptionsMessages.Range)]
    public int MaxConsecutiveFailures { get; set; } = 10;

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"InitialDelay={InitialDelay}, Multiplier={Multiplier}, MaxDelay={MaxDelay}, Jitter={Jitter}, Timeout={Timeout}, MaxConsecutiveFailures={MaxConsecutiveFailures}");

    /// <summary>A copy that later changes to this instance do not reach: what a client or a wait keeps.</summary>
    internal DockPollingOptions Snapshot() => (DockPollingOptions)MemberwiseClone();
}
