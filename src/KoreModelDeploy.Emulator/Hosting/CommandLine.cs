using System.Globalization;

namespace KoreModelDeploy.Emulator.Hosting;

/// <summary>Parses the standalone command's arguments (by hand: the options are few and must stay trimming safe).</summary>
internal static class CommandLine
{
    // The defaults shown come from the options themselves, so the text cannot drift from them.
    public static readonly string Usage = BuildUsage(new KoreEmulatorOptions());

    private static string BuildUsage(KoreEmulatorOptions defaults) => string.Create(CultureInfo.InvariantCulture, $"""
        Usage: KoreModelDeploy.Emulator [options]
          --port <n>                            loopback port (default 0: pick a free one)
          --api-key <key>                       expected x-api-key (default {defaults.ApiKey})
          --job-duration <seconds>              time a job stays IN_PROGRESS (default {defaults.JobDuration.TotalSeconds})
          --no-rate-limit                       disable the dock status rate limit
          --status-limit-per-minute <n>         dock status calls per id per 60 s (default {defaults.DockStatusRequestsPerMinute})
          --status-limit-per-hour <n>           dock status calls per id per hour (default {defaults.DockStatusRequestsPerHour})
          --failed-job-fraction <0..1>          share of jobs that end FAILED (default 0)
          --transient-status-failure-rate <0..1> share of dock status calls answered 503 (default 0)
          --seed <n>                            seed for the two settings above (default 0)
          --jobs-never-complete                 keep every job IN_PROGRESS
          --help                                show this text
        """);

    /// <summary>Parses <paramref name="args"/>; options is null with no error when help was asked for.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out KoreEmulatorOptions? options, out string? error)
    {
        var parsed = new KoreEmulatorOptions();
        options = null;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Count)
                {
                    throw new FormatException(name + " needs a value");
                }

                return args[++i];
            }

            try
            {
                switch (name)
                {
                    case "--help" or "-h" or "-?":
                        return true;
                    case "--port":
                        parsed.Port = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                        break;
                    case "--api-key":
                        parsed.ApiKey = Value();
                        break;
                    case "--job-duration":
                        parsed.JobDuration = TimeSpan.FromSeconds(double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture));
                        break;
                    case "--no-rate-limit":
                        parsed.DockStatusRateLimitEnabled = false;
                        break;
                    case "--status-limit-per-minute":
                        parsed.DockStatusRequestsPerMinute = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                        break;
                    case "--status-limit-per-hour":
                        parsed.DockStatusRequestsPerHour = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                        break;
                    case "--failed-job-fraction":
                        parsed.FailedJobFraction = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture);
                        break;
                    case "--transient-status-failure-rate":
                        parsed.TransientStatusFailureRate = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture);
                        break;
                    case "--seed":
                        parsed.Seed = int.Parse(Value(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                        break;
                    case "--jobs-never-complete":
                        parsed.JobsNeverComplete = true;
                        break;
                    default:
                        error = "Unknown option " + name;
                        return false;
                }
            }
            catch (Exception exception) when (exception is FormatException or OverflowException)
            {
                error = exception.Message.StartsWith("--", StringComparison.Ordinal) ? exception.Message : "Invalid value for " + name;
                return false;
            }
        }

        try
        {
            parsed.Validate();
        }
        catch (ArgumentException exception)
        {
            error = exception.Message;
            return false;
        }

        options = parsed;
        return true;
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (arg[..equals], arg[(equals + 1)..])
            : (arg, null);
    }
}
