using Microsoft.Extensions.Options;

namespace KoreModelDeploy.Validation;

/// <summary>
/// Checks <see cref="KoreModelDeployOptions"/> with messages that name the setting as it appears in configuration
/// (<c>KoreModelDeploy:Host</c>), so a misconfigured application fails at start-up and says what to fix.
/// </summary>
internal sealed class KoreModelDeployOptionsValidator : IValidateOptions<KoreModelDeployOptions>
{
    public ValidateOptionsResult Validate(string? name, KoreModelDeployOptions options)
    {
        var failures = Collect(options, string.IsNullOrEmpty(name) ? KoreModelDeployOptions.SectionName : $"{KoreModelDeployOptions.SectionName} ({name})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static void ThrowIfInvalid(KoreModelDeployOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var failures = Collect(options, KoreModelDeployOptions.SectionName);
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid KoreModelDeploy options: " + string.Join(" ", failures), nameof(options));
        }
    }

    public static void ThrowIfInvalid(DockPollingOptions polling, string parameterName)
    {
        var failures = new List<string>();
        CollectPolling(polling, "polling", failures);
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid polling options: " + string.Join(" ", failures), parameterName);
        }
    }

    private static List<string> Collect(KoreModelDeployOptions options, string section)
    {
        var failures = new List<string>();

        if (options.Host is null)
        {
            failures.Add($"{section}:Host is required (for example https://agent-platform.kore.ai).");
        }
        else if (!options.Host.IsAbsoluteUri)
        {
            // A relative text cannot be shown safely: nothing marks where credentials in it would begin.
            failures.Add($"{section}:Host must be an absolute URL such as https://agent-platform.kore.ai.");
        }
        else if (options.Host.Scheme != Uri.UriSchemeHttps && !(options.Host.Scheme == Uri.UriSchemeHttp && options.Host.IsLoopback))
        {
            failures.Add($"{section}:Host must use https (plain http is allowed only for loopback hosts such as a local emulator); '{HostDisplay.Of(options.Host)}' does not.");
        }
        else if (!string.IsNullOrEmpty(options.Host.UserInfo) || !string.IsNullOrEmpty(options.Host.Query) || !string.IsNullOrEmpty(options.Host.Fragment))
        {
            failures.Add($"{section}:Host must not contain credentials, a query or a fragment.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{section}:ApiKey is required (the key sent as x-api-key).");
        }
        else if (ResourceIdValidator.ContainsControlOrWhiteSpace(options.ApiKey!))
        {
            failures.Add($"{section}:ApiKey contains white-space or control characters, which cannot be sent in a header (check for a pasted line break).");
        }
        else if (!IsHeaderSafe(options.ApiKey!))
        {
            // Caught here, a mistyped key fails start-up; caught by HttpClient, every call would fail after the
            // request had seemingly been handed over, and report that the service may have acted on it.
            failures.Add($"{section}:ApiKey contains characters other than printable ASCII, which cannot be sent in a header (check for a pasted en-dash, curly quote or letter from another alphabet).");
        }

        InRange(failures, $"{section}:Timeout", options.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        InRange(failures, $"{section}:AttemptTimeout", options.AttemptTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        if (options.AttemptTimeout > options.Timeout)
        {
            failures.Add($"{section}:AttemptTimeout ({options.AttemptTimeout}) must not exceed {section}:Timeout ({options.Timeout}).");
        }

        if (options.Retry is null)
        {
            failures.Add($"{section}:Retry is required.");
        }
        else
        {
            if (options.Retry.MaxRetries is < 0 or > 10)
            {
                failures.Add($"{section}:Retry:MaxRetries must be between 0 and 10; it is {options.Retry.MaxRetries}.");
            }

            InRange(failures, $"{section}:Retry:Delay", options.Retry.Delay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
            InRange(failures, $"{section}:Retry:MaxDelay", options.Retry.MaxDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        }

        if (options.Polling is null)
        {
            failures.Add($"{section}:Polling is required.");
        }
        else
        {
            CollectPolling(options.Polling, $"{section}:Polling", failures);
        }

        return failures;
    }

    private static void CollectPolling(DockPollingOptions polling, string section, List<string> failures)
    {
        InRange(failures, $"{section}:InitialDelay", polling.InitialDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        InRange(failures, $"{section}:MaxDelay", polling.MaxDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        if (polling.MaxDelay < polling.InitialDelay)
        {
            failures.Add($"{section}:MaxDelay ({polling.MaxDelay}) must not be less than {section}:InitialDelay ({polling.InitialDelay}).");
        }

        if (double.IsNaN(polling.Multiplier) || polling.Multiplier < 1 || polling.Multiplier > 10)
        {
            failures.Add(FormattableString.Invariant($"{section}:Multiplier must be between 1 and 10; it is {polling.Multiplier}."));
        }

        if (double.IsNaN(polling.Jitter) || polling.Jitter < 0 || polling.Jitter > 0.5)
        {
            failures.Add(FormattableString.Invariant($"{section}:Jitter must be between 0 and 0.5; it is {polling.Jitter}."));
        }

        // A day is also the longest timeout Polly's timeout strategy accepts.
        InRange(failures, $"{section}:Timeout", polling.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        if (polling.MaxConsecutiveFailures is < 0 or > 1000)
        {
            failures.Add($"{section}:MaxConsecutiveFailures must be between 0 and 1000; it is {polling.MaxConsecutiveFailures}.");
        }
    }

    /// <summary>Whether every character is visible ASCII, the only text an <c>x-api-key</c> header carries unchanged.</summary>
    private static bool IsHeaderSafe(string value)
    {
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static void InRange(List<string> failures, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{setting} must be between {min} and {max}; it is {value}.");
        }
    }
}
