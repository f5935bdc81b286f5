using System.Diagnostics;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// A shell (bash, zsh, fish, pwsh) with the built tool on its PATH as <c>kore-deploy</c>, so a test runs a command line or a
/// script exactly as a user types it: quoting, pipes, <c>$(…)</c> and all.
/// </summary>
internal sealed class ToolShell : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _bin = new();

    public ToolShell()
    {
        var wrapper = _bin.File("kore-deploy");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "kore-deploy.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Variables for the shell and the tool; KORE_* and CI variables from the test process are never passed on.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The full path of <paramref name="shell"/>; fails, naming the package to install, when it is missing.</summary>
    public static string Require(string shell)
    {
        foreach (var folder in (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            var path = Path.Combine(folder, shell);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"{shell} is not installed; these tests need it (apt-get install -y {shell}).");
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="shell"/> (<c>bash -c</c>, <c>zsh -c</c>, <c>fish -c</c>, <c>pwsh -Command</c>) in <paramref name="workingDirectory"/>.</summary>
    public async Task<ToolRun> RunAsync(string shell, string script, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(shell == "pwsh" ? await PowerShellTool.PathAsync() : Require(shell))
        {
            WorkingDirectory = workingDirectory ?? _bin.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (shell == "pwsh")
        {
            // No profile of the machine's, and an error ends the script with a non-zero exit code instead of a prompt.
            start.ArgumentList.Add("-NoProfile");
            start.ArgumentList.Add("-NonInteractive");
            start.ArgumentList.Add("-Command");
        }
        else
        {
            start.ArgumentList.Add("-c");
        }

        start.ArgumentList.Add(script);
        foreach (var name in new[] { "KORE_HOST", "KORE_API_KEY", "GITHUB_ACTIONS", "CI", "NO_COLOR", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["PATH"] = _bin.Path + ":" + System.Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = _bin.Path;

        // PowerShell would otherwise send telemetry and look for updates on the network at start.
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{shell} did not end within {Limit}: {script}");
        }

        return new ToolRun(process.ExitCode, await output, await error);
    }

    public void Dispose() => _bin.Dispose();
}
