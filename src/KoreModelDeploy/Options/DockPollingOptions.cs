using System.ComponentModel.DataAnnotations;
using System.Globalization;

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
    // The bounds as the range attributes need them (constants), and as callers read them (TimeSpan) below.
    private const string ShortestDelayText = "00:00:00.010";
    private const string LongestDelayText = "01:00:00";
    private const string ShortestTimeoutText = "00:00:01";
    private const string LongestTimeoutText = "1.00:00:00";

    /// <summary>The shortest <see cref="InitialDelay"/> and <see cref="MaxDelay"/> accepted: 10 milliseconds.</summary>
    public static TimeSpan ShortestDelay { get; } = TimeSpan.Parse(ShortestDelayText, CultureInfo.InvariantCulture);

    /// <summary>The longest <see cref="InitialDelay"/> and <see cref="MaxDelay"/> accepted: 1 hour.</summary>
    public static TimeSpan LongestDelay { get; } = TimeSpan.Parse(LongestDelayText, CultureInfo.InvariantCulture);

    /// <summary>The shortest <see cref="Timeout"/> accepted: 1 second.</summary>
    public static TimeSpan ShortestTimeout { get; } = TimeSpan.Parse(ShortestTimeoutText, CultureInfo.InvariantCulture);

    /// <summary>The longest <see cref="Timeout"/> accepted: 1 day, the longest timeout Polly accepts.</summary>
    public static TimeSpan LongestTimeout { get; } = TimeSpan.Parse(LongestTimeoutText, CultureInfo.InvariantCulture);

    /// <summary>The delay before the first poll. Default 5 seconds; from 10 milliseconds to 1 hour.</summary>
#pragma warning disable IL2026 // Read only by the generated validator, which uses its own copy of RangeAttribute: no reflection.
    [Range(typeof(TimeSpan), ShortestDelayText, LongestDelayText, ErrorMessage = OptionsMessages.Range)]
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
    [Range(typeof(TimeSpan), ShortestDelayText, LongestDelayText, ErrorMessage = OptionsMessages.Range)]
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
    [Range(typeof(TimeSpan), ShortestTimeoutText, LongestTimeoutText, ErrorMessage = OptionsMessages.Range)]
#pragma warning restore IL2026
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many polls in a row may fail transiently (timeouts, network errors, 429, 5xx, unreadable answers) before the
    /// wait gives up with the last error. A successful poll resets the count. Default 10; from 0 to 1,000.
    /// </summary>
    [Range(0, 1000, ErrorMessage = OptionsMessages.Range)]
    public int MaxConsecutiveFailures { get; set; } = 10;

    /// <summary>
    /// The delay a wait with these settings makes before poll number <paramref name="attempt"/>, computed from its
    /// arguments alone: for engines that own the wait themselves (a durable workflow's timer, a job scheduler) and
    /// must replay the same schedule every time.
    /// </summary>
    /// <param name="attempt">Which poll the delay comes before: 0 for the first after the job started, 1 for the next,
    /// and so on. The delay grows from <see cref="InitialDelay"/> by <see cref="Multiplier"/> up to <see cref="MaxDelay"/>.</param>
    /// <param name="elapsed">How long the wait has lasted so far.</param>
    /// <param name="jitter">Where in the jitter range this delay falls, from -1 (shortened by <see cref="Jitter"/>) to
    /// 1 (lengthened by it); 0 for none. A wait of the client's own draws it at random; an engine draws it once and
    /// records it (a workflow's deterministic random source, say).</param>
    /// <returns>The delay; <see langword="null"/> when the poll would not come before <see cref="Timeout"/> is reached,
    /// where the client's own wait ends with <see cref="KoreJobTimeoutException"/>. The client's poll budget may still
    /// hold a poll back, so that polls of one job stay at least 1 second apart.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is negative, <paramref name="elapsed"/>
    /// is negative, or <paramref name="jitter"/> is outside -1 to 1.</exception>
    public TimeSpan? GetPollDelay(int attempt, TimeSpan elapsed, double jitter)
    {
        if (attempt < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(attempt), attempt, "The attempt must be 0 or more.");
        }

        if (elapsed < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(elapsed), elapsed, "The elapsed time must not be negative.");
        }

        if (double.IsNaN(jitter) || jitter < -1 || jitter > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "The jitter must be from -1 to 1.");
        }

        var delay = ScheduledDelay(attempt, jitter);
        return elapsed + delay < Timeout ? delay : null;
    }

    /// <summary>The schedule's delay before poll <paramref name="step"/>, placed at <paramref name="jitter"/> (-1 to 1) in the jitter range.</summary>
    internal TimeSpan ScheduledDelay(int step, double jitter)
    {
        var seconds = InitialDelay.TotalSeconds * Math.Pow(Multiplier, step);
        if (double.IsInfinity(seconds) || seconds > MaxDelay.TotalSeconds)
        {
            seconds = MaxDelay.TotalSeconds;
        }

        seconds *= 1 + (Jitter * jitter);
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>
    /// Lists every rule these settings break, the checks a wait makes when it is given them: each setting's range
    /// (<see cref="ShortestDelay"/> to <see cref="LongestDelay"/>, <see cref="ShortestTimeout"/> to
    /// <see cref="LongestTimeout"/>, and those in each property's description) and <see cref="MaxDelay"/> not less than
    /// <see cref="InitialDelay"/>. For programs that fill the options from input of their own and name that input in
    /// their messages.
    /// </summary>
    /// <returns>The broken rules; empty when a wait may use these settings. Each error's
    /// <see cref="KoreValidationError.Path"/> is the property's name (<c>MaxDelay</c>), its
    /// <see cref="KoreValidationError.Message"/> the rule.</returns>
    public IReadOnlyList<KoreValidationError> Validate() => KoreModelDeployOptionsValidator.CollectPolling(this, "polling");

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"InitialDelay={InitialDelay}, Multiplier={Multiplier}, MaxDelay={MaxDelay}, Jitter={Jitter}, Timeout={Timeout}, MaxConsecutiveFailures={MaxConsecutiveFailures}");

    /// <summary>A copy that later changes to this instance do not reach: what a client or a wait keeps.</summary>
    internal DockPollingOptions Snapshot() => (DockPollingOptions)MemberwiseClone();
}
