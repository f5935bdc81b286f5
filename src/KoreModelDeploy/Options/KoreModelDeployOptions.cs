using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace KoreModelDeploy;

/// <summary>
/// Settings of a <see cref="ModelDeploymentClient"/>. Bound from the <c>KoreModelDeploy</c> configuration section
/// by <c>AddKoreModelDeploy</c>, and validated when the application starts.
/// </summary>
public sealed class KoreModelDeployOptions
{
    /// <summary>The configuration section name the options are usually bound from.</summary>
    public const string SectionName = "KoreModelDeploy";

    private DockPollBudget? _pollBudget;

    /// <summary>
    /// The customer environment's base address, for example <c>https://agent-platform.kore.ai</c>. Required.
    /// Must use <c>https</c>, except for a loopback host (a local emulator or test server).
    /// </summary>
    [Required(ErrorMessage = OptionsMessages.HostRequired)]
    public Uri? Host { get; set; }

    /// <summary>The API key sent as <c>x-api-key</c> on every call. Required. Never logged, traced or shown by <see cref="ToString"/>.</summary>
    [Required(ErrorMessage = OptionsMessages.ApiKeyRequired)]
    public string? ApiKey { get; set; }

    /// <summary>
    /// How long one call may take in all, retries and their delays included. Default 100 seconds; from 1 second to 1 hour.
    /// </summary>
#pragma warning disable IL2026 // Read only by the generated validator, which uses its own copy of RangeAttribute: no reflection.
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = OptionsMessages.Range)]
#pragma warning restore IL2026
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long one HTTP attempt may take, reading its answer's body included. Default 30 seconds; from 100 milliseconds to 10 minutes, and not more than <see cref="Timeout"/>.</summary>
    /// <remarks>
    /// On <see cref="TimeProvider.System"/>, attempts that start close together share one deadline: their own, plus
    /// 16 milliseconds for a system timer that fires early, rounded up to a step of a thirty-second of this
    /// (100 milliseconds at most). So an attempt is cancelled no sooner than this, and at most a step and 16 milliseconds
    /// later, besides the timer's own latency. On any other <see cref="TimeProvider"/> each attempt's deadline is exact.
    /// </remarks>
#pragma warning disable IL2026 // Read only by the generated validator, which uses its own copy of RangeAttribute: no reflection.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = OptionsMessages.Range)]
#pragma warning restore IL2026
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How failed calls are retried. See <see cref="KoreRetryOptions"/> for which calls are retried when.</summary>
    [Required(ErrorMessage = OptionsMessages.Required)]
    [ValidateObjectMembers]
    public KoreRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// How waits for a dock job poll Get Dock Status. Copied when the client is built; can be overridden per wait.
    /// </summary>
    [Required(ErrorMessage = OptionsMessages.Required)]
    [ValidateObjectMembers(typeof(DockPollingOptionsRangeValidator))]
    public DockPollingOptions Polling { get; set; } = new();

    /// <summary>
    /// Lets device, optimization and quantization types (and model types) that the vendor does not document through
    /// validation, for when the vendor adds an instance type before this package does. Default <see langword="false"/>.
    /// </summary>
    public bool AllowUndocumentedValues { get; set; }

    /// <summary>
    /// Makes clients built from these options take every poll's slot from <paramref name="budget"/>, a budget that
    /// other processes can share, instead of the in-process one. <see langword="null"/> goes back to the in-process budget.
    /// </summary>
    /// <param name="budget">The budget, or <see langword="null"/>.</param>
    /// <returns>These options.</returns>
    /// <remarks>A method rather than a property so configuration binding never sees it: a budget is code, not a setting.</remarks>
    public KoreModelDeployOptions UsePollBudget(DockPollBudget? budget)
    {
        _pollBudget = budget;
        return this;
    }

    /// <summary>The budget given to <see cref="UsePollBudget"/>; null for the in-process one.</summary>
    /// <remarks>A method, not a property: the configuration binder's generator looks at every property.</remarks>
    internal DockPollBudget? GetPollBudget() => _pollBudget;

    /// <summary>
    /// Lists every rule these settings break, the checks a client makes when it is built and <c>AddKoreModelDeploy</c>
    /// makes at start-up, for programs that fill the options from input of their own and name that input in their
    /// messages (a command-line tool naming its <c>--host</c> option, say).
    /// </summary>
    /// <returns>
    /// The broken rules; empty when a client may be built from these settings. Each error's
    /// <see cref="KoreValidationError.Path"/> is the setting as configuration spells it below the section
    /// (<c>Host</c>, <c>Polling:Timeout</c>), its <see cref="KoreValidationError.Message"/> the rule, and its
    /// <see cref="KoreValidationError.AttemptedValue"/> always <see langword="null"/>: a setting may hold a secret.
    /// </returns>
    public IReadOnlyList<KoreValidationError> Validate() => KoreModelDeployOptionsValidator.Collect(this, SectionName);

    /// <summary>
    /// Returns the settings with the API key redacted, and <see cref="Host"/> without any user-info, query or fragment.
    /// </summary>
    public override string ToString() =>
        FormattableString.Invariant(
            $"Host={HostDisplay.Of(Host)}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "(not set)" : "[REDACTED]")}, Timeout={Timeout}, AttemptTimeout={AttemptTimeout}, Retry={{{Retry}}}, Polling={{{Polling}}}, AllowUndocumentedValues={AllowUndocumentedValues}");
}
