using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace KoreModelDeploy.Testing;

/// <summary>
/// A throwaway PostgreSQL server for tests: the machine's PostgreSQL 13 or later (on PATH or under
/// <c>/usr/lib/postgresql/*/bin</c>), its own <c>initdb</c> data directory (owned by and run as the <c>postgres</c> user
/// when the tests run as root, since <c>initdb</c> refuses root), a free port on 127.0.0.1, and its socket in the data
/// directory. Stopped and deleted on disposal. It never skips: a server that cannot start fails with the reason.
/// </summary>
/// <remarks>
/// By default every connection is trusted. Started with <c>requirePassword</c>, connections over TCP (127.0.0.1) must
/// log in with a password (<c>scram-sha-256</c>), while the owner's Unix socket stays trusted: the test's own
/// superuser connections and tools go through the socket, so a test can create roles and databases without a password.
/// </remarks>
/// <remarks>Plain code with no test framework in it, linked into each test project that needs a real server.</remarks>
internal sealed partial class PostgreSqlServer : IAsyncDisposable
{
    private const int MinimumMajorVersion = 13;
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(60);

    private readonly string _binaries;
    private readonly string _directory;
    private readonly bool _asPostgresUser;
    private readonly bool _durable;
    private readonly bool _requirePassword;

    private PostgreSqlServer(string binaries, string directory, bool asPostgresUser, int port, bool durable, bool requirePassword)
    {
        _binaries = binaries;
        _directory = directory;
        _asPostgresUser = asPostgresUser;
        _durable = durable;
        Port = port;
        _requirePassword = requirePassword;
    }

    /// <summary>The port the server listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The data directory (its log is <c>log</c> in it).</summary>
    public string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>A connection string to <paramref name="database"/> as the trusted superuser <c>postgres</c> (through the socket when TCP asks for a password).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host={AdministrationHost};Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=5;Command Timeout=15";

    /// <summary>Where the superuser connects: 127.0.0.1, or the socket's directory when TCP connections must log in with a password.</summary>
    private string AdministrationHost => _requirePassword ? _directory : "127.0.0.1";

    /// <summary>Finds PostgreSQL, makes a data directory and starts a server on a free port.</summary>
    /// <param name="requirePassword">Whether connections over TCP must log in with a password (<c>scram-sha-256</c>); the Unix socket stays trusted.</param>
    /// <param name="durable">
    /// Whether commits reach the disk (<c>fsync</c> on), as on a real server: for a benchmark of commits. Tests leave it
    /// off, since what they check does not depend on the disk and a test machine's disk is slow.
    /// </param>
    public static async Task<PostgreSqlServer> StartAsync(bool requirePassword = false, bool durable = false)
    {
        var binaries = FindBinaries();
        var asPostgresUser = Environment.UserName == "root";
        var directory = Path.Combine(Path.GetTempPath(), "kore-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        if (asPostgresUser)
        {
            await RunAsync("chown", ["postgres", directory], asPostgresUser: false).ConfigureAwait(false);
        }

        var server = new PostgreSqlServer(binaries, directory, asPostgresUser, FreePort(), durable, requirePassword);
        try
        {
            string[] authentication = requirePassword ? ["--auth-local=trust", "--auth-host=scram-sha-256"] : ["-A", "trust"];
            await server.RunToolAsync("initdb", ["-D", server.DataDirectory, .. authentication, "-U", "postgres", "--no-sync"]).ConfigureAwait(false);
            await server.StartAgainAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates a database and returns the superuser's connection string to it.</summary>
    /// <param name="name">The database's name.</param>
    /// <param name="owner">The role that owns it (and so may create tables in its <c>public</c> schema); the superuser when <see langword="null"/>.</param>
    public async Task<string> CreateDatabaseAsync(string name, string? owner = null)
    {
        string[] ownership = owner is null ? [] : ["-O", owner];
        await RunToolAsync("createdb", ["-h", AdministrationHost, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", .. ownership, name]).ConfigureAwait(false);
        return ConnectionString(name);
    }

    /// <summary>Stops the server at once (<c>-m immediate</c>), as a crash would; <see cref="StartAgainAsync"/> brings it back on the same port.</summary>
    public Task StopAsync() => RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);

    /// <summary>Starts the server (again) on <see cref="Port"/>, waiting until it accepts connections.</summary>
    public Task StartAgainAsync() => RunToolAsync("pg_ctl",
    [
        "-D", DataDirectory, "-l", Path.Combine(_directory, "log"), "-w", "-t", "60",
        "-o", ServerOptions, "start",
    ]);

    /// <summary>
    /// The server's own options: the port, the socket's directory, loopback only, and no fsync unless durable. Its log,
    /// in English whatever the machine's locale, stamps each line with the time and process, and names every statement
    /// that took a second or more and every lock waited on as long, so that a stall seen by a test can be read on the
    /// server's side; it names every connection received, which <see cref="ConnectionsReceived"/> counts; where the log
    /// is kept (<c>KORE_TEST_SERVER_LOGS</c>) it names each session's end too.
    /// </summary>
    private string ServerOptions =>
        $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c log_line_prefix='%m [%p] %d ' -c log_min_duration_statement=1000 -c log_lock_waits=on -c log_connections=on -c lc_messages=C"
        + (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KORE_TEST_SERVER_LOGS")) ? string.Empty : " -c log_disconnections=on")
        + (_durable ? string.Empty : " -c fsync=off");

    /// <summary>
    /// How many connections the server has received since it started (TCP or socket, whether or not they went on to log
    /// in), counted in its log, which names each one.
    /// </summary>
    public int ConnectionsReceived()
    {
        using var log = new FileStream(Path.Combine(_directory, "log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(log);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains("LOG:  connection received:", StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Restarts the server with <c>pg_ctl restart -m fast</c> on the same port: every session is ended (its clients see
    /// the connection closed) and the server accepts connections again before this returns.
    /// </summary>
    public Task RestartAsync() => RunToolAsync("pg_ctl",
    [
        "-D", DataDirectory, "-l", Path.Combine(_directory, "log"), "-m", "fast", "-w", "-t", "60",
        "-o", ServerOptions, "restart",
    ]);

    /// <summary>
    /// Stops the server at once and deletes its directory. Where <c>KORE_TEST_SERVER_LOGS</c> names a directory, the
    /// server's log is copied there first, so that a stall seen by a test can be read on the server's side afterwards.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await StopAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            KeepLog();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file the server still held: the temporary directory is left for the system to clean.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private void KeepLog()
    {
        var keepIn = Environment.GetEnvironmentVariable("KORE_TEST_SERVER_LOGS");
        var log = Path.Combine(_directory, "log");
        if (string.IsNullOrEmpty(keepIn) || !File.Exists(log))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(keepIn);
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
            File.Copy(log, Path.Combine(keepIn, $"{Path.GetFileName(_directory)}-{Port}-{stamp}.log"), overwrite: true);
        }
        catch (IOException)
        {
            // A log that cannot be kept is not a test failure: the directory is still cleaned up below.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private Task RunToolAsync(string tool, string[] arguments) => RunAsync(Path.Combine(_binaries, tool), arguments, _asPostgresUser);

    private static async Task RunAsync(string program, string[] arguments, bool asPostgresUser)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgresUser ? "runuser" : program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgresUser)
        {
            foreach (var part in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"PostgreSQL did not start: {program} could not be run.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(CommandLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"PostgreSQL did not start: {Path.GetFileName(program)} {string.Join(' ', arguments)} took more than {CommandLimit.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"PostgreSQL did not start: {Path.GetFileName(program)} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error.ConfigureAwait(false)} {await output.ConfigureAwait(false)}".Trim());
        }
    }

    /// <summary>The newest PostgreSQL 13 or later: on PATH first, else the Debian packages' directories.</summary>
    private static string FindBinaries()
    {
        var candidates = new List<string>();
        foreach (var entry in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var pgCtl = Path.Combine(entry, "pg_ctl");
            if (File.Exists(pgCtl))
            {
                candidates.Add(Path.GetDirectoryName(new FileInfo(pgCtl).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? pgCtl)!);
            }
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "pg_ctl"))));
        }

        var found = candidates
            .Select(bin => (Bin: bin, Major: MajorVersionOf(bin)))
            .Where(c => c.Major >= MinimumMajorVersion && File.Exists(Path.Combine(c.Bin, "initdb")))
            .OrderByDescending(c => c.Major)
            .FirstOrDefault();
        return found.Bin ?? throw new InvalidOperationException(
            $"PostgreSQL did not start: no PostgreSQL {MinimumMajorVersion} or later was found on PATH or under /usr/lib/postgresql/*/bin. Install it (Debian: apt-get install postgresql), as CONTRIBUTING's prerequisites say.");
    }

    private static int MajorVersionOf(string bin)
    {
        // The Debian layout names the version in the path; otherwise pg_config's directory name is all there is.
        var match = VersionInPath().Match(bin);
        if (!match.Success)
        {
            // Elsewhere, pg_ctl says its version: "pg_ctl (PostgreSQL) 16.4".
            using var process = Process.Start(new ProcessStartInfo(Path.Combine(bin, "pg_ctl"), "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            var text = process?.StandardOutput.ReadToEnd() ?? string.Empty;
            process?.WaitForExit(10_000);
            match = VersionInOutput().Match(text);
        }

        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"postgresql/(\d+)/bin")]
    private static partial Regex VersionInPath();

    [GeneratedRegex(@"\(PostgreSQL\) (\d+)")]
    private static partial Regex VersionInOutput();
}
