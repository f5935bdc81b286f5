using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KoreModelDeploy.Testing;

/// <summary>
/// A throwaway Azurite blob server: the npm package pinned in <c>tests/azurite</c> (installed with <c>npm ci</c> when
/// its <c>node_modules</c> is missing), on a free port of 127.0.0.1, storing on disk in a temporary directory (so that a
/// restart keeps what was written), stopped and deleted on disposal. A server that does not start fails saying why.
/// </summary>
/// <remarks>Plain code with no test framework in it, linked into each project that needs a real server.</remarks>
internal sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's published development account key: a well-known value, not a secret.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan InstallLimit = TimeSpan.FromMinutes(10);
    private static readonly SemaphoreSlim Install = new(1, 1);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kore-azurite-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AzuriteServer(int port) => Port = port;

    /// <summary>The port Azurite's blob service listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The account's connection string, as <c>AZURE_STORAGE_CONNECTION_STRING</c> holds it.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/devstoreaccount1;";

    /// <summary>The folder Azurite's package is installed in: <c>tests/azurite</c> of the repository this code was built from.</summary>
    private static string PackageDirectory => Path.Combine(RepositoryRoot(), "tests", "azurite");

    /// <summary>Installs Azurite when needed, and starts it on a free port.</summary>
    public static async Task<AzuriteServer> StartAsync()
    {
        await EnsureInstalledAsync().ConfigureAwait(false);
        var server = new AzuriteServer(FreePort());
        Directory.CreateDirectory(server._directory);
        try
        {
            await server.StartAgainAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Kills Azurite at once, as a crash would; <see cref="StartAgainAsync"/> brings it back with what it stored.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(StartLimit).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops Azurite: SIGTERM, which stops it answering at once, then SIGKILL once it says it has closed its index (or
    /// after a bound). A bare SIGKILL would lose what Azurite had not yet saved of its own index (it saves every 5 s): a
    /// durability Azure has and Azurite does not, so not what a test of a client should meet.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            if (kill is not null)
            {
                await kill.WaitForExitAsync().WaitAsync(StartLimit).ConfigureAwait(false);
            }
        }

        var deadline = DateTime.UtcNow + StartLimit;
        while (!process.HasExited && !Output().Contains("successfully closed", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }

        await KillAsync().ConfigureAwait(false);
    }

    /// <summary>Starts Azurite (again) on <see cref="Port"/> with the same storage, and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        _process?.Dispose();
        var process = Run(
            "node",
            [
                Path.Combine(PackageDirectory, "node_modules", "azurite", "dist", "src", "blob", "main.js"),
                "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(CultureInfo.InvariantCulture),
                "--location", _directory, "--silent", "--skipApiVersionCheck", "--disableTelemetry",
            ],
            "node could not be run",
            "Node 20 or later is required");
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + StartLimit;
        while (!await AnswersAsync().ConfigureAwait(false))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite did not start: it exited {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {Output()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite did not start: it did not answer on 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)} within {StartLimit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s: {Output()}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>Kills Azurite and deletes its storage.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync().ConfigureAwait(false);
            _process?.Dispose();
        }
        finally
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file Azurite still held: the temporary directory is left for the system to clean.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Runs <c>npm ci</c> in <c>tests/azurite</c> once when its <c>node_modules</c> is missing, so that <c>dotnet test</c> alone works on a fresh clone.</summary>
    private static async Task EnsureInstalledAsync()
    {
        await Install.WaitAsync().ConfigureAwait(false);
        try
        {
            if (File.Exists(Path.Combine(PackageDirectory, "node_modules", "azurite", "package.json")))
            {
                return;
            }

            using var process = Run("npm", ["ci", "--no-audit", "--no-fund"], "npm could not be run to install it", "Node 20 or later with npm is required");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(InstallLimit).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Left running, a stalled install would hold the folder every later fixture installs into.
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException(
                    $"Azurite did not start: npm ci in tests/azurite did not finish within {InstallLimit.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes (is the npm registry reachable?); run it there by hand once.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"Azurite did not start: npm ci in tests/azurite exited {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {await error.ConfigureAwait(false)} {await output.ConfigureAwait(false)}".Trim());
            }
        }
        finally
        {
            Install.Release();
        }
    }

    /// <summary>Starts <paramref name="program"/> in the package's folder with its output redirected, or fails saying what is missing.</summary>
    private static Process Run(string program, string[] arguments, string failure, string requirement)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = PackageDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"Azurite did not start: {failure} (CONTRIBUTING: {requirement}).");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Azurite did not start: {failure} ({ex.Message}); CONTRIBUTING: {requirement}.", ex);
        }
    }

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

        throw new InvalidOperationException($"Azurite did not start: no KoreModelDeploy.sln above {AppContext.BaseDirectory}, so tests/azurite cannot be found.");
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var answer = await client.GetAsync(new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/devstoreaccount1?comp=list")).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private void Record(string? line)
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

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString().Trim();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
