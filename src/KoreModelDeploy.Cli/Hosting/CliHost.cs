namespace KoreModelDeploy.Cli.Hosting;

/// <summary>
/// Everything the tool takes from the process it runs in: standard streams, environment variables, whether stderr is a
/// terminal, the clock. The process passes the real ones; tests run the whole tool in-process with their own.
/// </summary>
internal sealed class CliHost
{
    private readonly Func<string, string?> _environment;

    public CliHost(TextWriter output, TextWriter error, TextReader input, Func<string, string?> environment, bool errorIsTerminal)
    {
        Out = new GuardedWriter(output, "stdout", OutputFailure);
        Error = new GuardedWriter(error, "stderr", OutputFailure);
        In = input;
        _environment = environment;
        ErrorIsTerminal = errorIsTerminal;
    }

    /// <summary>Whether stdout or stderr refused a write; its token stops the run as Ctrl+C does.</summary>
    public OutputFailure OutputFailure { get; } = new();

    /// <summary>stdout: the result only. A write that fails is reported to <see cref="OutputFailure"/>, never thrown.</summary>
    public TextWriter Out { get; }

    /// <summary>stderr: progress, warnings, errors, and GitHub Actions workflow commands. Guarded as <see cref="Out"/> is.</summary>
    public TextWriter Error { get; }

    /// <summary>stdin, read only for <c>--api-key-stdin</c>.</summary>
    public TextReader In { get; }

    /// <summary>Whether stderr is a terminal (not redirected); live progress needs one.</summary>
    public bool ErrorIsTerminal { get; }

    /// <summary>Whether stdin is a terminal, so a person can answer a question (apply's confirmation).</summary>
    public bool InIsTerminal { get; init; }

    /// <summary>Whether stdout is a terminal: tab-separated results are then shown in aligned columns.</summary>
    public bool OutIsTerminal { get; init; }

    /// <summary>The clock for elapsed times and heartbeats.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long plain progress stays silent before it says the job is still running.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>What a second Ctrl+C must say, shared with the process's signal handlers.</summary>
    public InterruptState Interrupts { get; } = new();

    /// <summary>The value of an environment variable; <see langword="null"/> when unset or empty.</summary>
    public string? GetEnvironmentVariable(string name)
    {
        var value = _environment(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The host of this process: the console's streams and the process environment.</summary>
    public static CliHost FromConsole() =>
        new(Console.Out, Console.Error, Console.In, Environment.GetEnvironmentVariable, errorIsTerminal: !Console.IsErrorRedirected)
        {
            OutIsTerminal = !Console.IsOutputRedirected,
            InIsTerminal = !Console.IsInputRedirected,
        };
}
