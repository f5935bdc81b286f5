using System.Diagnostics;
using System.Text;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// The built tool run as a child process (<c>dotnet kore-deploy.dll …</c>), so a test can kill it as the operating
/// system would (SIGKILL: no finally block, no flush, no handle closed by the program).
/// </summary>
internal sealed class ToolProcess : IDisposable
{
    /// <summary>
    /// How long a started tool may run before the test gives up on it: a bound for a hung run, never a wait for a good one,
    /// so it is set for a machine far busier than CI's (a loaded run once took over a minute to start and end the tool).
    /// </summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>
    /// How long a test waits for a started tool to reach a point it can observe (a line on stderr, a journal line, a
    /// request at the service): a child .NET process on a loaded machine (the stress script's burners, no tiered
    /// compilation) can take well over 30 s before its first line.
    /// </summary>
    public static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private ToolProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The built tool, as <c>dotnet</c> runs it.</summary>
    public static string ToolDll => Path.Combine(AppContext.BaseDirectory, "kore-deploy.dll");

    public static ToolProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartCommand(workingDirectory, environment, ["dotnet", ToolDll, .. args]);

    /// <summary>Starts the tool from <c>bash -c '&lt;setup&gt;; exec dotnet kore-deploy.dll …'</c>, for limits a shell sets (<c>ulimit -f</c>).</summary>
    public static ToolProcess StartThroughShell(string workingDirectory, IReadOnlyDictionary<string, string> environment, string? setup, params string[] args) =>
        setup is null
            ? Start(workingDirectory, environment, args)
            : StartCommand(workingDirectory, environment, ["bash", "-c", setup + "; exec dotnet \"$@\"", "bash", ToolDll, .. args]);

    /// <summary>
    /// Runs <paramref name="command"/> (a program and its arguments: the tool under <c>bash -c</c> to redirect a stream
    /// to <c>/dev/full</c>, say) with stdout and stderr captured; stdin is closed unless <paramref name="keepInputOpen"/>.
    /// </summary>
    public static ToolProcess StartCommand(string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> command, bool keepInputOpen = false)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        // The child sees only what the test gives it, plus what dotnet itself needs.
        foreach (var name in new[] { "KORE_HOST", "KORE_API_KEY", "GITHUB_ACTIONS", "CI", "NO_COLOR", "PGPASSWORD", "PGPASSFILE", "KORE_JOURNAL_CONNECTION" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var tool = new ToolProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (tool._output) { tool._output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (tool._error) { tool._error.AppendLine(e.Data); } } };
        process.Start();
        if (!keepInputOpen)
        {
            process.StandardInput.Close();
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tool;
    }

    public static async Task<ToolRun> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var tool = Start(workingDirectory, environment, args);
        return await tool.WaitAsync();
    }

    /// <summary>Runs <paramref name="command"/> as <see cref="StartCommand"/> does, to its end.</summary>
    public static async Task<ToolRun> RunCommandAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> command)
    {
        using var tool = StartCommand(workingDirectory, environment, command);
        return await tool.WaitAsync();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Writes to the process's stdin (started with <c>keepInputOpen</c>).</summary>
    public async Task WriteInputAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Ends the process's stdin: the end of input.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>The process's id, for looking at it in <c>/proc</c>.</summary>
    public int Id => _process.Id;

    /// <summary>What the process wrote to stderr so far.</summary>
    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Sends a signal by name (<c>TERM</c>, <c>INT</c>), as <c>kill</c> does.</summary>
    public Task SignalAsync(string name) => ChildProcess.SignalAsync(_process.Id, name);

    /// <summary>Ends the process at once, as <c>kill -9</c> does.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(Limit);
    }

    public async Task<ToolRun> WaitAsync()
    {
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kore-deploy did not end within {Limit}:\n{Snapshot()}");
        }

        // WaitForExitAsync returns after the redirected streams reach their end.
        return Snapshot();
    }

    public ToolRun Snapshot()
    {
        lock (_output)
        {
            lock (_error)
            {
                return new ToolRun(_process.HasExited ? _process.ExitCode : -1, _output.ToString(), _error.ToString());
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
