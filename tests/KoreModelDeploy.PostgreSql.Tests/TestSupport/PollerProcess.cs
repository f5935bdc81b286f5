using System.Diagnostics;
using System.Text;

namespace KoreModelDeploy.PostgreSql.Tests.TestSupport;

/// <summary>One instance of a service waiting on a job: <c>kore-poller</c> run as a child process.</summary>
internal sealed class PollerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

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
    }
}
