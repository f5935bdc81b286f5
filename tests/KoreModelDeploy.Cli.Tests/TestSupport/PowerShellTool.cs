using System.Diagnostics;
using System.Globalization;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// PowerShell for the completion tests: <c>pwsh</c> from PATH when the machine has it, otherwise PowerShell's .NET tool
/// (MIT), installed once into <c>tests/.tools/pwsh</c> with <c>dotnet tool install</c>, so that <c>dotnet test</c> alone
/// works on a fresh clone, as it does for Azurite.
/// </summary>
internal static class PowerShellTool
{
    /// <summary>The release installed when the machine has none: 7.6 is the line built for .NET 10.</summary>
    private const string Version = "7.6.10";

    private static readonly TimeSpan InstallLimit = TimeSpan.FromMinutes(10);
    private static readonly SemaphoreSlim Install = new(1, 1);

    /// <summary>The full path of a <c>pwsh</c> to run; fails saying how to install one when none can be had.</summary>
    public static async Task<string> PathAsync()
    {
        if (OnPath() is { } found)
        {
            return found;
        }

        var folder = Path.Combine(RepositoryRoot(), "tests", ".tools", "pwsh");
        var pwsh = Path.Combine(folder, "pwsh");
        await Install.WaitAsync();
        try
        {
            if (File.Exists(pwsh))
            {
                return pwsh;
            }

            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "tool", "install", "PowerShell", "--version", Version, "--tool-path", folder })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started to install PowerShell.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(InstallLimit);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                DeleteHalfInstalled(folder);
                throw new InvalidOperationException($"pwsh is not installed, and `dotnet tool install PowerShell --version {Version}` did not finish within {InstallLimit.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes (is the NuGet feed reachable?).");
            }

            if (process.ExitCode != 0 || !File.Exists(pwsh))
            {
                DeleteHalfInstalled(folder);
                throw new InvalidOperationException($"pwsh is not installed, and `dotnet tool install PowerShell --version {Version} --tool-path {folder}` failed ({process.ExitCode.ToString(CultureInfo.InvariantCulture)}): {await error} {await output}".Trim());
            }

            return pwsh;
        }
        finally
        {
            Install.Release();
        }
    }

    /// <summary>A stopped or failed install could leave a <c>pwsh</c> that a later run would take for a whole one.</summary>
    private static void DeleteHalfInstalled(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static string? OnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "pwsh"))
            .FirstOrDefault(File.Exists);

    /// <summary>The repository's root: the nearest folder above the running code that holds <c>KoreModelDeploy.sln</c>.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "KoreModelDeploy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"pwsh is not installed, and no KoreModelDeploy.sln lies above {AppContext.BaseDirectory} to install it under tests/.tools.");
    }
}
