using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using KoreModelDeploy.CommandLine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace KoreModelDeploy.Emulator.Hosting;

/// <summary>
/// The emulator's command-line options and the action that serves until cancelled, defined once and applied to any
/// command: <see cref="KoreEmulatorCommand"/> (a subcommand such as <c>kore-deploy emulator</c>) and the standalone
/// root command in <see cref="Program"/>.
/// </summary>
internal sealed class EmulatorCommandLine
{
    public const string Description =
        "Runs a local emulator of Kore.ai's model deployment API on 127.0.0.1 until Ctrl+C or SIGTERM, "
        + "and prints its URL on stdout.";

    /// <summary>The exit code when the emulator cannot listen (the port is taken, say).</summary>
    public const int CannotListenExitCode = 1;

    // Defaults shown in --help come from the options type itself, so the two cannot drift apart.
    private static readonly KoreEmulatorOptions Defaults = new();

    private readonly Option<int> _port = IntOption(
        "--port", "Loopback port to listen on; 0 picks a free one.", Defaults.Port, min: 0, max: 65535);

    private readonly Option<string> _apiKey = new("--api-key")
    {
        Description = "The x-api-key value every request must send: the emulator's own test key, never a real one.",
        HelpName = "key",
        DefaultValueFactory = _ => KoreEmulatorOptions.DefaultApiKey,
        Validators = { result => RequireNonBlank(result, "--api-key") },
    };

    private readonly Option<TimeSpan> _jobDuration = new("--job-duration")
    {
        Description = "How long a deploy or undeploy job stays IN_PROGRESS: " + DurationText.Forms
            + ". Default " + DurationText.Format(Defaults.JobDuration) + ".",
        HelpName = "duration",
        CustomParser = ParseDuration,
    };

    private readonly Option<bool> _noRateLimit = new("--no-rate-limit")
    {
        Description = "Turns off the per-id dock status rate limit.",
    };

    private readonly Option<int> _statusLimitPerMinute = IntOption(
        "--status-limit-per-minute", "Dock status calls allowed per id in any sliding 60 seconds.", Defaults.DockStatusRequestsPerMinute, min: 1);

    private readonly Option<int> _statusLimitPerHour = IntOption(
        "--status-limit-per-hour", "Dock status calls allowed per id in any sliding hour.", Defaults.DockStatusRequestsPerHour, min: 1);

    private readonly Option<double> _failedJobFraction = FractionOption(
        "--failed-job-fraction", "Share (0 to 1) of jobs that end FAILED, chosen from the seed and the model id.", Defaults.FailedJobFraction);

    private readonly Option<double> _transientStatusFailureRate = FractionOption(
        "--transient-status-failure-rate", "Share (0 to 1) of dock status calls answered 503.", Defaults.TransientStatusFailureRate);

    private readonly Option<int> _seed = IntOption(
        "--seed", "Seed for --failed-job-fraction and --transient-status-failure-rate.", Defaults.Seed, min: int.MinValue);

    private readonly Option<bool> _jobsNeverComplete = new("--jobs-never-complete")
    {
        Description = "Keeps every job IN_PROGRESS.",
    };

    private readonly Option<bool> _lenient = new("--lenient")
    {
        Description = "Accepts deploy bodies as older versions did: unknown fields ignored, null as absent, 50.0 as an integer, "
            + "repeated keys and any Content-Type. By default each of these is a 400.",
    };

    /// <summary>Adds every option and the serving action to <paramref name="command"/>.</summary>
    public void ApplyTo(Command command)
    {
        foreach (var option in AllOptions())
        {
            command.Options.Add(option);
        }

        command.SetAction(RunAsync);
    }

    /// <summary>The emulator's settings as given on the command line; the defaults for options not given.</summary>
    /// <exception cref="ArgumentException"><paramref name="parseResult"/> has errors.</exception>
    public KoreEmulatorOptions ReadOptions(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (parseResult.Errors.Count > 0)
        {
            throw new ArgumentException(
                "The command line has errors: " + string.Join("; ", parseResult.Errors.Select(error => error.Message)), nameof(parseResult));
        }

        // An option the parse did not reach (a foreign parse result) keeps the options type's default, never default(T).
        void Apply<T>(Option<T> option, Action<T> set)
        {
            if (parseResult.GetResult(option) is not null)
            {
                set(parseResult.GetValue(option)!);
            }
        }

        var options = new KoreEmulatorOptions();
        Apply(_port, value => options.Port = value);
        Apply(_apiKey, value => options.ApiKey = value);
        Apply(_jobDuration, value => options.JobDuration = value);
        Apply(_noRateLimit, value => options.DockStatusRateLimitEnabled = !value);
        Apply(_statusLimitPerMinute, value => options.DockStatusRequestsPerMinute = value);
        Apply(_statusLimitPerHour, value => options.DockStatusRequestsPerHour = value);
        Apply(_failedJobFraction, value => options.FailedJobFraction = value);
        Apply(_transientStatusFailureRate, value => options.TransientStatusFailureRate = value);
        Apply(_seed, value => options.Seed = value);
        Apply(_jobsNeverComplete, value => options.JobsNeverComplete = value);
        Apply(_lenient, value => options.Lenient = value);
        return options;
    }

    /// <summary>A word as a POSIX shell reads it back unchanged: single-quoted unless it is plainly safe.</summary>
    private static string ShellWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@%+,".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private IEnumerable<Option> AllOptions() =>
    [
        _port, _apiKey, _jobDuration, _noRateLimit, _statusLimitPerMinute, _statusLimitPerHour,
        _failedJobFraction, _transientStatusFailureRate, _seed, _jobsNeverComplete, _lenient,
    ];

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var options = ReadOptions(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        options.ConfigureLogging = ConfigureRequestLog;

        KoreEmulator emulator;
        try
        {
            emulator = await KoreEmulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (IOException exception)
        {
            await error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture, $"error: cannot listen on 127.0.0.1:{options.Port}: {exception.Message}")).ConfigureAwait(false);
            return CannotListenExitCode;
        }

        await using (emulator.ConfigureAwait(false))
        {
            // One line on stdout, for scripts to read.
            await output.WriteLineAsync("Kore emulator listening on " + emulator.BaseAddress).ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);

            // What a person needs next, on stderr: the emulator's key is its own local test key (the built-in one or the
            // one typed after --api-key), never a real one, so printing it gives nothing away.
            await error.WriteLineAsync("In another terminal, point kore-deploy (or the SDK) at it with:").ConfigureAwait(false);
            await error.WriteLineAsync("  export KORE_HOST=" + ShellWord(emulator.BaseAddress.ToString())).ConfigureAwait(false);
            await error.WriteLineAsync("  export KORE_API_KEY=" + ShellWord(options.ApiKey)).ConfigureAwait(false);
            await error.WriteLineAsync("Press Ctrl+C to stop.").ConfigureAwait(false);

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync("Stopping.").ConfigureAwait(false);
            }
        }

        return 0;
    }

    /// <summary>The request log's colour: the rule kore-deploy follows for its stderr, applied to the emulator's.</summary>
    /// <param name="errorIsTerminal">Whether stderr goes to a terminal.</param>
    /// <param name="environment">Reads an environment variable.</param>
    internal static LoggerColorBehavior RequestLogColour(bool errorIsTerminal, Func<string, string?> environment) =>
        ColourRule.Allows(errorIsTerminal, environment) ? LoggerColorBehavior.Default : LoggerColorBehavior.Disabled;

    // One line per request on stderr, so stdout carries the URL alone; no colour where escapes would end up in a file.
    private static void ConfigureRequestLog(ILoggingBuilder logging) => logging
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.ColorBehavior = RequestLogColour(!Console.IsErrorRedirected, Environment.GetEnvironmentVariable);
        })
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Microsoft", LogLevel.Warning);

    private static Option<int> IntOption(string name, string description, int defaultValue, int min, int max = int.MaxValue)
    {
        var option = new Option<int>(name)
        {
            Description = description,
            HelpName = "n",
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result =>
        {
            // A value that is not a number already has the parser's error, which names the option.
            if (SingleToken(result) is { } text
                && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                && (value < min || value > max))
            {
                result.AddError(max == int.MaxValue
                    ? string.Create(CultureInfo.InvariantCulture, $"{name} must be at least {min}; got {value}.")
                    : string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}; got {value}."));
            }
        });
        return option;
    }

    private static Option<double> FractionOption(string name, string description, double defaultValue)
    {
        var option = new Option<double>(name)
        {
            Description = description,
            HelpName = "0..1",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseInvariantDouble(result, name),
        };
        option.Validators.Add(result =>
        {
            if (SingleToken(result) is { } text
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && !(value >= 0 && value <= 1))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be between 0 and 1; got {value}."));
            }
        });
        return option;
    }

    // The text is read the same way whatever the machine's culture: 0.25, never 0,25.
    private static double ParseInvariantDouble(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        result.AddError($"{name} needs a number from 0 to 1; got '{text}'.");
        return 0;
    }

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? null : result.Tokens[0].Value;
        if (DurationText.TryParse(text, out var value, out var problem))
        {
            return value;
        }

        result.AddError("--job-duration: " + problem);
        return TimeSpan.Zero;
    }

    private static string? SingleToken(OptionResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value : null;

    private static void RequireNonBlank(OptionResult result, string name)
    {
        if (result.Tokens.Count == 1 && string.IsNullOrWhiteSpace(result.Tokens[0].Value))
        {
            result.AddError(name + " must not be blank.");
        }
    }
}
