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
/// <remarks>
/// Each broken rule is first a <see cref="KoreValidationError"/> whose path is the setting below the section
/// (<c>Polling:Timeout</c>), so a program that sets the options from its own input can name its own input instead
/// (<see cref="KoreModelDeployOptions.Validate"/>); the messages here are those errors under the section's name.
/// </remarks>
internal sealed class KoreModelDeployOptionsValidator : IValidateOptions<KoreModelDeployOptions>
{
    private static readonly KoreModelDeployOptionsRangeValidator Ranges = new();
    private static readonly DockPollingOptionsRangeValidator PollingRanges = new();

    public ValidateOptionsResult Validate(string? name, KoreModelDeployOptions options)
    {
        var section = string.IsNullOrEmpty(name) ? KoreModelDeployOptions.SectionName : $"{KoreModelDeployOptions.SectionName} ({name})";
        var errors = Collect(options, section);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => Describe(section, e)));
    }

    public static void ThrowIfInvalid(KoreModelDeployOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var errors = Collect(options, KoreModelDeployOptions.SectionName);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid KoreModelDeploy options: " + Describe(KoreModelDeployOptions.SectionName, errors), nameof(options));
        }
    }

    /// <summary>Checks polling options given to one wait, naming each setting after the parameter (<c>polling:Timeout</c>).</summary>
    public static void ThrowIfInvalid(DockPollingOptions polling, string parameterName)
    {
        var errors = CollectPolling(polling, parameterName);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid polling options: " + Describe(parameterName, errors), parameterName);
        }
    }

    /// <summary>Every rule <paramref name="options"/> break; messages that name a second setting name it under <paramref name="section"/>.</summary>
    public static List<KoreValidationError> Collect(KoreModelDeployOptions options, string section)
    {
        var errors = new List<KoreValidationError>();
        AddGenerated(errors, Ranges.Validate(section, options), section);

        if (options.Host is { } host)
        {
            if (!host.IsAbsoluteUri)
            {
                // A relative text cannot be shown safely: nothing marks where credentials in it would begin.
                errors.Add(Error(nameof(options.Host), "must be an absolute URL such as https://agent-platform.kore.ai."));
            }
            else if (host.Scheme != Uri.UriSchemeHttps && !(host.Scheme == Uri.UriSchemeHttp && host.IsLoopback))
            {
                errors.Add(Error(nameof(options.Host), $"must use https (plain http is allowed only for loopback hosts such as a local emulator); '{HostDisplay.Of(host)}' does not."));
            }
            else if (!string.IsNullOrEmpty(host.UserInfo) || !string.IsNullOrEmpty(host.Query) || !string.IsNullOrEmpty(host.Fragment))
            {
                errors.Add(Error(nameof(options.Host), "must not contain credentials, a query or a fragment."));
            }
        }

        if (options.ApiKey is { } key && !string.IsNullOrWhiteSpace(key))
        {
            if (ResourceIdValidator.ContainsControlOrWhiteSpace(key))
            {
                errors.Add(Error(nameof(options.ApiKey), "contains white-space or control characters, which cannot be sent in a header (check for a pasted line break)."));
            }
            else if (!IsHeaderSafe(key))
            {
                // Caught here, a mistyped key fails start-up; caught by HttpClient, every call would fail after the
                // request had seemingly been handed over, and report that the service may have acted on it.
                errors.Add(Error(nameof(options.ApiKey), "contains characters other than printable ASCII, which cannot be sent in a header (check for a pasted en-dash, curly quote or letter from another alphabet)."));
            }
        }

        if (options.AttemptTimeout > options.Timeout)
        {
            errors.Add(Error(nameof(options.AttemptTimeout), $"({options.AttemptTimeout}) must not exceed {section}:{nameof(options.Timeout)} ({options.Timeout})."));
        }

        if (options.Polling is not null)
        {
            AddCrossChecks(options.Polling, $"{section}:{nameof(options.Polling)}", nameof(options.Polling) + ":", errors);
        }

        return errors;
    }

    /// <summary>Every rule polling options given to one wait break, each under its own name (<c>MaxDelay</c>).</summary>
    public static List<KoreValidationError> CollectPolling(DockPollingOptions polling, string section)
    {
        var errors = new List<KoreValidationError>();
        AddGenerated(errors, PollingRanges.Validate(section, polling), section);
        AddCrossChecks(polling, section, string.Empty, errors);
        return errors;
    }

    private static void AddCrossChecks(DockPollingOptions polling, string section, string prefix, List<KoreValidationError> errors)
    {
        if (polling.MaxDelay < polling.InitialDelay)
        {
            errors.Add(Error(prefix + nameof(polling.MaxDelay), $"({polling.MaxDelay}) must not be less than {section}:{nameof(polling.InitialDelay)} ({polling.InitialDelay})."));
        }
    }

    private static KoreValidationError Error(string setting, string message) => new(setting, null, message);

    /// <summary>The errors as one text, each setting named under <paramref name="section"/> as configuration spells it.</summary>
    private static string Describe(string section, List<KoreValidationError> errors) => string.Join(" ", errors.Select(e => Describe(section, e)));

    private static string Describe(string section, KoreValidationError error) => $"{section}:{error.Path} {error.Message}";

    /// <summary>
    /// Adds the generated checks' failures, each under its setting as configuration spells it. The generator names a
    /// member by its path from the name it was given, with dots (<c>KoreModelDeploy.Polling.Timeout</c>), and puts the
    /// member's own name in front (<c>Timeout: KoreModelDeploy.Polling.Timeout must be …</c>).
    /// </summary>
    private static void AddGenerated(List<KoreValidationError> errors, ValidateOptionsResult result, string section)
    {
        if (!result.Failed)
        {
            return;
        }

        var path = new Regex(Regex.Escape(section) + @"((?:\.\w+)+) ", RegexOptions.CultureInvariant);
        foreach (var failure in result.Failures ?? [])
        {
            var setting = path.Match(failure);
            errors.Add(setting.Success
                ? Error(setting.Groups[1].Value.Substring(1).Replace('.', ':'), failure.Substring(setting.Index + setting.Length))
                : Error(string.Empty, failure));
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
