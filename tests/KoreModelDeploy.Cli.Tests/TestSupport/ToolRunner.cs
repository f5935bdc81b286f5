using KoreModelDeploy.Cli.Hosting;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// Runs the whole tool in-process, as the process would: arguments, environment, stdin and a cancellation token
/// (the first Ctrl+C) in; exit code, stdout and stderr out. Nothing comes from the test process's own environment.
/// </summary>
internal sealed class ToolRunner
{
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public string Stdin { get; set; } = string.Empty;

    public bool ErrorIsTerminal { get; set; }

    /// <summary>Whether stdin counts as a terminal, so that apply asks before it changes anything.</summary>
    public bool InIsTerminal { get; set; }

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The host of the last run, to look at what a second Ctrl+C would say.</summary>
    public CliHost? LastHost { get; private set; }

    /// <summary>The stdout of the run in progress, for tests that act when a line appears.</summary>
    public Func<string> CurrentOut { get; private set; } = () => string.Empty;

    /// <summary>The stderr of the run in progress, for tests that act when a line appears.</summary>
    public Func<string> CurrentError { get; private set; } = () => string.Empty;

    public static ToolRunner For(Uri host, string apiKey)
    {
        var runner = new ToolRunner();
        runner.Environment["KORE_HOST"] = host.ToString();
        runner.Environment["KORE_API_KEY"] = apiKey;
        return runner;
    }

    public Task<ToolRun> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public async Task<ToolRun> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var syncOut = TextWriter.Synchronized(output);
        var syncError = TextWriter.Synchronized(error);
        var host = new CliHost(syncOut, syncError, new StringReader(Stdin), name => Environment.GetValueOrDefault(name), ErrorIsTerminal)
        {
            HeartbeatInterval = HeartbeatInterval,
            InIsTerminal = InIsTerminal,
        };
        LastHost = host;
        CurrentOut = () =>
        {
            lock (syncOut)
            {
                return output.ToString();
            }
        };
        CurrentError = () =>
        {
            lock (syncError)
            {
                return error.ToString();
            }
        };

        var exitCode = await Eventually.Within(KoreDeployCli.RunAsync(args, host, cancellationToken));
        return new ToolRun(exitCode, output.ToString(), error.ToString());
    }
}
