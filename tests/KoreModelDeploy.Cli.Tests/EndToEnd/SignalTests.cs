using System.Diagnostics;
using System.Text;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Emulator;

namespace KoreModelDeploy.Cli.Tests.EndToEnd;

/// <summary>
/// The tool as a real process, signalled: the tool handles SIGINT and SIGTERM itself (System.CommandLine's forced exit
/// is off). SIGTERM is used because a process started in the background inherits SIGINT as ignored; the tool handles
/// both the same way.
/// </summary>
public sealed class SignalTests
{
    [Fact]
    public async Task A_second_signal_during_the_deploy_call_exits_at_once_saying_the_job_may_have_started()
    {
        await using var session = await EmulatorSession.StartAsync();
        // Longer than any busy machine could take to deliver both signals: the answer must not come in between.
        session.Emulator.Faults.Enqueue(EmulatorFault.SlowResponse(TimeSpan.FromMinutes(10)), EmulatorEndpoint.Deploy);
        using var tool = ToolProcess.Start(session, session.DeployArgs("cm-test"));

        await Eventually.WaitUntilAsync(() => session.Emulator.Faults.AppliedRequestFaultCount == 1 || tool.HasExited, "the deploy call to be held by the emulator", TestSupport.ToolProcess.StartLimit);
        await tool.SignalAsync();
        await Eventually.WaitUntilAsync(() => tool.Error.Contains("finishing the deploy call", StringComparison.Ordinal) || tool.HasExited, "the first signal's answer", TestSupport.ToolProcess.StartLimit);
        await tool.SignalAsync();
        var exitCode = await tool.ExitAsync();

        exitCode.Should().Be(ExitCodes.Cancelled, tool.Error);
        tool.Error.Should().Contain("the job may have started");
    }

    [Fact]
    public async Task One_signal_during_a_wait_stops_it_and_prints_the_resume_command()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.Faults.NeverCompleteNextJob();
        using var tool = ToolProcess.Start(session, session.DeployArgs("cm-test"));

        await Eventually.WaitUntilAsync(() => tool.Error.Contains("IN_PROGRESS", StringComparison.Ordinal) || tool.HasExited, "the wait", TestSupport.ToolProcess.StartLimit);
        await tool.SignalAsync();
        var exitCode = await tool.ExitAsync();

        exitCode.Should().Be(ExitCodes.Cancelled, tool.Error);
        tool.Error.Should().Contain("the job goes on; resume with: kore-deploy wait " + tool.Out.Trim());
    }

    private sealed class ToolProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _out = new();
        private readonly StringBuilder _error = new();

        private ToolProcess(Process process) => _process = process;

        public string Out
        {
            get
            {
                lock (_out)
                {
                    return _out.ToString();
                }
            }
        }

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

        public static ToolProcess Start(EmulatorSession session, string[] args)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kore-deploy.dll"));
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var name in new[] { "GITHUB_ACTIONS", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "KORE_HOST", "KORE_API_KEY" })
            {
                start.Environment.Remove(name);
            }

            foreach (var (name, value) in session.Runner.Environment)
            {
                start.Environment[name] = value;
            }

            var process = new Process { StartInfo = start };
            var tool = new ToolProcess(process);
            process.OutputDataReceived += (_, e) => Append(tool._out, e.Data);
            process.ErrorDataReceived += (_, e) => Append(tool._error, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return tool;
        }

        public bool HasExited => _process.HasExited;

        public Task SignalAsync() => ChildProcess.SignalAsync(_process.Id, "TERM");

        public async Task<int> ExitAsync()
        {
            // Returns once the output readers have reached the end of both streams, too.
            await Eventually.Within(_process.WaitForExitAsync());
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.Dispose();
        }

        private static void Append(StringBuilder text, string? line)
        {
            if (line is not null)
            {
                lock (text)
                {
                    text.AppendLine(line);
                }
            }
        }
    }
}
