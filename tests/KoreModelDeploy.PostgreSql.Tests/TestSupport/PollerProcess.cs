using System.Diagnostics;
using System.Text;

namespace KoreModelDeploy.PostgreSql.Tests.TestSupport;

/// <summary>One instance of a service waiting on a job: <c>kore-poller</c> run as a child process.</summary>
internal sealed class PollerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PollerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static PollerProcess Start(Uri host, string apiKey, string dockStatusId, string instance, TimeSpan wait, string? connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kore-poller.dll"));
        start.ArgumentList.Add(host.ToString());
        start.ArgumentList.Add(apiKey);
        start.ArgumentList.Add(dockStatusId);
        start.ArgumentList.Add(instance);
        start.ArgumentList.Add(wait.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (connectionString is not null)
        {
            start.ArgumentList.Add(connectionString);
        }

        return new PollerProcess(Process.Start(start) ?? throw new InvalidOperationException("kore-poller did not start"));
    }

    /// <summary>Completes once the process has warmed up and waits for <see cref="Go"/> (bounded: a process that never gets there fails the test).</summary>
    public async Task ReadyAsync(TimeSpan limit)
    {
        try
        {
            await _ready.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"kore-poller was not ready within {limit.TotalSeconds} s; its output: {Output}");
        }
    }

    /// <summary>Lets a ready process start its wait.</summary>
    public void Go()
    {
        try
        {
            _process.StandardInput.WriteLine("go");
            _process.StandardInput.Flush();
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"kore-poller ended before it was told to go; its output: {Output}", ex);
        }
    }

    /// <summary>
    /// Stops the process where it stands, as a busy machine or a debugger might (SIGSTOP), for <paramref name="pause"/>,
    /// then lets it go on: every timer it waits on ends late.
    /// </summary>
    public async Task PauseAsync(TimeSpan pause)
    {
        await SignalAsync("-STOP");
        try
        {
            await Task.Delay(pause);
        }
        finally
        {
            await SignalAsync("-CONT");
        }
    }

    /// <summary>Waits for the process to end (bounded: a hang fails the test) and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kore-poller did not end within {limit.TotalSeconds} s; its output: {Output}");
        }

        // WaitForExitAsync has also seen both output streams end.
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start");
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await kill.WaitForExitAsync(limit.Token);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {_process.Id} exited {kill.ExitCode}");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line == "ready")
        {
            _ready.TrySetResult();
        }
    }
}
