using System.Text.RegularExpressions;
using KoreModelDeploy.Validation;
using Microsoft.Extensions.Options;

namespace KoreModelDeploy;

/// <summary>
/// Checks <see cref="KoreModelDeployOptions"/>: the generated range checks
/// (<see cref="KoreModelDeployOptionsRangeValidator"/>), then the rules an attribute cannot state (the host's scheme and
/// parts, a key a header can carry, settings bounded by other settings). Every message names the setting as it appears
/// in configuration (<c>KoreModelDeploy:Polling:Timeout</c>, or <c>KoreModelDeploy (name):…</c> for a named client),
/// so a misconfigured application fails at start-up and says what to fix, and none repeats a secret.
/// </summary>
internal sealed class KoreModelDeployOptionsValidator : IValidateOptions<KoreModelDeployOptions>
{
    private static readonly KoreModelDeployOptionsRangeValidator Ranges = new();
    private static readonly DockPollingOptionsRangeValidator PollingRanges = new();

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

    /// <summary>Checks polling options given to one wait, naming each setting after the parameter (<c>polling:Timeout</c>).</summary>
    public static void ThrowIfInvalid(DockPollingOptions polling, string parameterName)
    {
        var failures = new List<string>();
        AddGenerated(failures, PollingRanges.Validate(parameterName, polling), parameterName);
        CollectPolling(polling, parameterName, failures);
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid polling options: " + string.Join(" ", failures), parameterName);
        }
    }

    private static List<string> Collect(KoreModelDeployOptions options, string section)
    {
        var failures = new List<string>();
        AddGenerated(failures, Ranges.Validate(section, options), section);

        if (options.Host is { } host)
        {
            if (!host.IsAbsoluteUri)
            {
                // A relative text cannot be shown safely: nothing marks where credentials in it would begin.
                failures.Add($"{section}:Host must be an absolute URL such as https://agent-platform.kore.ai.");
            }
            else if (host.Scheme != Uri.UriSchemeHttps && !(host.Scheme == Uri.UriSchemeHttp && host.IsLoopback))
            {
                failures.Add($"{section}:Host must use https (plain http is allowed only for loopback hosts such as a local emulator); '{HostDisplay.Of(host)}' does not.");
            }
            else if (!string.IsNullOrEmpty(host.UserInfo) || !string.IsNullOrEmpty(host.Query) || !string.IsNullOrEmpty(host.Fragment))
            {
                failures.Add($"{section}:Host must not contain credentials, a query or a fragment.");
            }
        }

        if (options.ApiKey is { } key && !string.IsNullOrWhiteSpace(key))
        {
            if (ResourceIdValidator.ContainsControlOrWhiteSpace(key))
            {
                failures.Add($"{section}:ApiKey contains white-space or control characters, which cannot be sent in a header (check for a pasted line break).");
            }
            else if (!IsHeaderSafe(key))
            {
                // Caught here, a mistyped key fails start-up; caught by HttpClient, every call would fail after the
                // request had seemingly been handed over, and report that the service may have acted on it.
                failures.Add($"{section}:ApiKey contains characters other than printable ASCII, which cannot be sent in a header (check for a pasted en-dash, curly quote or letter from another alphabet).");
            }
        }

        if (options.AttemptTimeout > options.Timeout)
        {
            failures.Add($"{section}:AttemptTimeout ({options.AttemptTimeout}) must not exceed {section}:Timeout ({options.Timeout}).");
        }

        if (options.Polling is not null)
        {
            CollectPolling(options.Polling, $"{section}:Polling", failures);
        }

        return failures;
    }

    private static void CollectPolling(DockPollingOptions polling, string section, List<string> failures)
    {
        if (polling.MaxDelay < polling.InitialDelay)
        {
            failures.Add($"{section}:MaxDelay ({polling.MaxDelay}) must not be less than {section}:InitialDelay ({polling.InitialDelay}).");
        }
    }

    /// <summary>
    /// Adds the generated checks' failures, each with its setting named as configuration spells it. The generator names
    /// a member by its path from the name it was given, with dots (<c>KoreModelDeploy.Polling.Timeout</c>), and puts the
    /// member's own name in front (<c>Timeout: KoreModelDeploy.Polling.Timeout must be …</c>).
    /// </summary>
    private static void AddGenerated(List<string> failures, ValidateOptionsResult result, string section)
    {
        if (!result.Failed)
        {
            return;
        }

        var path = new Regex(Regex.Escape(section) + @"((?:\.\w+)+)", RegexOptions.CultureInvariant);
        foreach (var failure in result.Failures ?? [])
        {
            var message = path.Replace(failure, m => section + m.Groups[1].Value.Replace('.', ':'));
            var setting = message.IndexOf(section, StringComparison.Ordinal);
            failures.Add(setting > 0 ? message.Substring(setting) : message);
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
}
