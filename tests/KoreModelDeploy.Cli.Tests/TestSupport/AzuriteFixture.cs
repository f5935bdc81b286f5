using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Journal.AzureBlob;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// One throwaway Azurite blob server per test class: the npm package pinned in <c>tests/azurite</c> (installed with
/// <c>npm ci</c> when its <c>node_modules</c> is missing), on a free port of 127.0.0.1, storing on disk in a temporary
/// directory (so that a restart keeps what was written), stopped and deleted at the end. A server that does not start
/// fails the test saying why; nothing is skipped.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's published development account key: a well-known value, not a secret.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan InstallLimit = TimeSpan.FromMinutes(5);
    private static readonly SemaphoreSlim Install = new(1, 1);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kore-azurite-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>The port Azurite's blob service listens on, on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The account's connection string, as <c>AZURE_STORAGE_CONNECTION_STRING</c> holds it.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <summary>Reads the environment as a run with the connection string set sees it.</summary>
    public Func<string, string?> Variables => name => name == AzureBlobJournalLocation.ConnectionVariable ? ConnectionString : null;

    /// <summary>The folder Azurite's package is installed in.</summary>
    private static string PackageDirectory => Path.Combine(RepositoryRoot.Path, "tests", "azurite");

    public async Task InitializeAsync()
    {
        await EnsureInstalledAsync();
        Directory.CreateDirectory(_directory);
        Port = FreePort();
        await StartAgainAsync();
    }

    /// <summary>A journal location in a container of its own.</summary>
    internal AzureBlobJournalLocation Location(string container, string path = "journals") =>
        AzureBlobJournalLocation.Parse($"azblob://{container}/{path}", Variables);

    /// <summary>A store on journal <paramref name="name"/> of <paramref name="container"/>.</summary>
    internal AzureBlobJournalStore Store(
        string container,
        string name,
        string environment,
        Uri? host = null,
        JournalHolder? holder = null,
        LockWait? wait = null,
        AzureBlobJournalSettings? settings = null,
        TimeProvider? time = null) =>
        new(Location(container), name, environment, host ?? new Uri("https://prod.example.test/"), time ?? TimeProvider.System, holder ?? Holder("tester"), wait, settings);

    /// <summary>A holder as another machine's run would record itself.</summary>
    internal static JournalHolder Holder(string user, string? runUrl = null) =>
        new(user, "machine-of-" + user, 4242, runUrl, DateTimeOffset.UtcNow, "azblob://test");

    /// <summary>Kills Azurite at once, as a crash would; <see cref="StartAgainAsync"/> brings it back with what it stored.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(StartLimit);
        }
    }

    /// <summary>
    /// Stops Azurite mid-apply: SIGTERM, which stops it answering at once, then SIGKILL once it says it has closed its
    /// index (or after a bound). <see cref="StartAgainAsync"/> brings it back with what it stored. A bare SIGKILL would
    /// lose what Azurite had not yet saved of its own index (it saves every 5 s): a durability Azure has and Azurite
    /// does not, so not what a test of the tool should meet.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        await ChildProcess.RunOkAsync("kill", "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deadline = DateTime.UtcNow + StartLimit;
        while (!process.HasExited && !Output().Contains("successfully closed", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await KillAsync();
    }

    /// <summary>Starts Azurite (again) on <see cref="Port"/> with the same storage, and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        _process?.Dispose();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = PackageDirectory,
        };
        foreach (var argument in new[]
        {
            Path.Combine(PackageDirectory, "node_modules", "azurite", "dist", "src", "blob", "main.js"),
            "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", _directory, "--silent", "--skipApiVersionCheck", "--disableTelemetry",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start: node could not be run (CONTRIBUTING: Node 20 or later is required).");
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + StartLimit;
        while (!await AnswersAsync())
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite did not start: it exited {process.ExitCode}: {Output()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite did not start: it did not answer on 127.0.0.1:{Port} within {StartLimit.TotalSeconds} s: {Output()}");
            }

            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            await KillAsync();
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
            }
        }
    }

    /// <summary>Runs <c>npm ci</c> in <c>tests/azurite</c> once when its <c>node_modules</c> is missing, so that <c>dotnet test</c> alone works on a fresh clone.</summary>
    private static async Task EnsureInstalledAsync()
    {
        await Install.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(PackageDirectory, "node_modules", "azurite", "package.json")))
            {
                return;
            }

            var start = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = PackageDirectory };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
            {
                start.ArgumentList.Add(argument);
            }

            Process? npm;
            try
            {
                npm = Process.Start(start);
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException($"Azurite did not start: npm could not be run to install it ({ex.Message}); CONTRIBUTING: Node 20 or later with npm is required.", ex);
            }

            using var process = npm ?? throw new InvalidOperationException("Azurite did not start: npm could not be run to install it.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(InstallLimit);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"Azurite did not start: npm ci in tests/azurite exited {process.ExitCode}: {await error} {await output}".Trim());
            }
        }
        finally
        {
            Install.Release();
        }
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var answer = await client.GetAsync(new Uri($"http://127.0.0.1:{Port}/devstoreaccount1?comp=list"));
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
