using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Journal.AzureBlob;
using KoreModelDeploy.Cli.Journal.PostgreSql;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Testing;
using Npgsql;

namespace KoreModelDeploy.Benchmarks.TeamState;

/// <summary>
/// A team's day on one journal store: models in several environments (one emulator per environment, as each is its
/// own host), one apply per environment plus as many rivals started at the same moment on the same environments, every
/// run with <c>--lock-timeout</c> as a team's pipelines would. Real <c>kore-deploy</c> processes, a real PostgreSQL
/// (<c>fsync</c> on) and Azurite. Prints, per store: wall time, deploy POSTs per model (1.00 when no model was deployed
/// twice), the runs that waited for a lock and how long the last one took, and the journal's events per environment.
/// </summary>
public static class TeamRace
{
    private const string ApiKey = "kg-team-race-local-key";

    public static async Task<int> RunAsync(string[] args)
    {
        var models = IntArg(args, "--models", 200);
        var environments = IntArg(args, "--environments", 4);
        var rivals = IntArg(args, "--rivals-per-environment", 1);
        var jobMilliseconds = IntArg(args, "--job-ms", 2000);
        var parallel = IntArg(args, "--parallel", 8);
        var stores = StringArg(args, "--stores", "file,postgres,azblob").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tool = StringArg(args, "--tool", Path.Combine(AppContext.BaseDirectory, "kore-deploy.dll"));
        if (models % environments != 0)
        {
            Console.Error.WriteLine("--models must be a multiple of --environments: each environment gets the same share.");
            return 2;
        }

        Console.WriteLine("| store | environments × models | runs (applies + rivals) | wall time | deploy POSTs per model | exit codes | runs that waited for a lock | longest run | journal events per environment |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---:|---|");
        var failed = false;
        foreach (var store in stores)
        {
            var result = await RaceAsync(store, tool, environments, models / environments, rivals, jobMilliseconds, parallel).ConfigureAwait(false);
            Console.WriteLine(result.Row);
            failed |= !result.Sound;
        }

        Console.WriteLine(FormattableString.Invariant(
            $"(jobs of {jobMilliseconds} ms, apply --parallel {parallel} --poll-delay 500ms --lock-timeout 10m, tool {Path.GetFileName(tool)}, {Environment.ProcessorCount} cores)"));
        return failed ? 1 : 0;
    }

    private static async Task<(string Row, bool Sound)> RaceAsync(string store, string tool, int environments, int modelsPerEnvironment, int rivals, int jobMilliseconds, int parallel)
    {
        var directory = Path.Combine(Path.GetTempPath(), "kore-team-race-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var emulators = new List<KoreEmulator>();
        PostgreSqlServer? postgreSql = null;
        AzuriteServer? azurite = null;
        try
        {
            for (var i = 0; i < environments; i++)
            {
                emulators.Add(await KoreEmulator.StartAsync(new KoreEmulatorOptions { ApiKey = ApiKey, JobDuration = TimeSpan.FromMilliseconds(jobMilliseconds) }).ConfigureAwait(false));
            }

            var manifest = Path.Combine(directory, "kore.json");
            await File.WriteAllTextAsync(manifest, Manifest(emulators, modelsPerEnvironment)).ConfigureAwait(false);

            var variables = new Dictionary<string, string> { ["KORE_API_KEY"] = ApiKey };
            string? journal = null;
            switch (store)
            {
                case "file":
                    break;
                case "postgres":
                    postgreSql = await PostgreSqlServer.StartAsync(durable: true).ConfigureAwait(false);
                    await using (var connection = new NpgsqlConnection(await postgreSql.CreateDatabaseAsync("kore_journal").ConfigureAwait(false)))
                    {
                        await connection.OpenAsync().ConfigureAwait(false);
                        PostgreSqlJournalSchema.Create(connection);
                    }

                    journal = FormattableString.Invariant($"postgres://postgres@127.0.0.1:{postgreSql.Port}/kore_journal");
                    break;
                case "azblob":
                    azurite = await AzuriteServer.StartAsync().ConfigureAwait(false);
                    variables["AZURE_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString;
                    journal = "azblob://team-race/journals";
                    break;
                default:
                    throw new ArgumentException($"unknown store '{store}': file, postgres or azblob");
            }

            var runs = new List<Run>();
            var wall = Stopwatch.StartNew();
            for (var copy = 0; copy <= rivals; copy++)
            {
                for (var e = 0; e < environments; e++)
                {
                    runs.Add(Run.Start(tool, directory, variables, Arguments(manifest, Name(e), journal, parallel)));
                }
            }

            await Task.WhenAll(runs.Select(r => r.Ended)).ConfigureAwait(false);
            wall.Stop();

            var deploys = emulators.Sum(e => e.GetRequestCount(EmulatorEndpoint.Deploy));
            var models = environments * modelsPerEnvironment;
            var exitCodes = runs.GroupBy(r => r.ExitCode).OrderBy(g => g.Key).Select(g => FormattableString.Invariant($"{g.Count()}× {g.Key}"));
            var waited = runs.Count(r => r.Error.Contains("waiting for journal", StringComparison.Ordinal));
            var events = JournalEventCounts(store, manifest, journal, variables, emulators);
            var sound = deploys == models && runs.All(r => r.ExitCode == 0) && events.All(count => count == 3 * modelsPerEnvironment);
            if (!sound)
            {
                foreach (var run in runs.Where(r => r.ExitCode != 0))
                {
                    Console.Error.WriteLine($"[{store}] a run exited {run.ExitCode}: {run.Error}");
                }
            }

            var row = FormattableString.Invariant(
                $"| {store} | {environments} × {modelsPerEnvironment} | {runs.Count} | {wall.Elapsed.TotalSeconds:0.0} s | {deploys / (double)models:0.00} | {string.Join(", ", exitCodes)} | {waited} of {runs.Count} | {runs.Max(r => r.Elapsed).TotalSeconds:0.0} s | {string.Join(", ", events)} |");
            return (row, sound);
        }
        finally
        {
            foreach (var emulator in emulators)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }

            NpgsqlConnection.ClearAllPools();
            if (postgreSql is not null)
            {
                await postgreSql.DisposeAsync().ConfigureAwait(false);
            }

            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Name(int environment) => "env" + (environment + 1).ToString(CultureInfo.InvariantCulture);

    private static string[] Arguments(string manifest, string environment, string? journal, int parallel)
    {
        var arguments = new List<string>
        {
            "apply", "-f", manifest, "--env", environment, "--init", "--lock-timeout", "10m",
            "--parallel", parallel.ToString(CultureInfo.InvariantCulture), "--poll-delay", "500ms", "-o", "json",
        };
        if (journal is not null)
        {
            arguments.AddRange(["--journal", journal]);
        }

        return [.. arguments];
    }

    /// <summary>Events each environment's journal holds, read from the store itself as <c>plan</c> reads it (no lock).</summary>
    private static int[] JournalEventCounts(string store, string manifest, string? journal, Dictionary<string, string> variables, List<KoreEmulator> emulators)
    {
        string? Variable(string name) => variables.GetValueOrDefault(name);
        var counts = new int[emulators.Count];
        for (var e = 0; e < emulators.Count; e++)
        {
            var environment = Name(e);
            var host = emulators[e].BaseAddress;
            var holder = JournalHolder.Current(store, Variable, TimeProvider.System);
            IJournalStore reader = store switch
            {
                "postgres" => new PostgreSqlJournalStore(PostgreSqlJournalLocation.Parse(journal!, Variable), environment, environment, host, TimeProvider.System, holder),
                "azblob" => new AzureBlobJournalStore(AzureBlobJournalLocation.Parse(journal!, Variable), environment, environment, host, TimeProvider.System, holder, wait: null, settings: null),
                _ => new FileJournalStore(JournalPaths.Default(manifest, environment), environment, host, TimeProvider.System),
            };
            counts[e] = reader.Read()?.Events.Count ?? 0;
        }

        return counts;
    }

    private static string Manifest(List<KoreEmulator> emulators, int models)
    {
        var environments = new JsonObject();
        for (var e = 0; e < emulators.Count; e++)
        {
            environments[Name(e)] = new JsonObject { ["host"] = emulators[e].BaseAddress.ToString() };
        }

        var list = new JsonArray();
        for (var m = 1; m <= models; m++)
        {
            var id = "team-" + m.ToString("D3", CultureInfo.InvariantCulture);
            list.Add(new JsonObject { ["modelId"] = id, ["modelType"] = "openSource", ["request"] = new JsonObject { ["name"] = id } });
        }

        return new JsonObject
        {
            ["defaults"] = new JsonObject
            {
                ["hyperParameters"] = new JsonObject { ["temperature"] = 1, ["maxTokens"] = 512, ["topP"] = 1, ["topK"] = 50, ["stopSequence"] = new JsonArray() },
                ["deviceType"] = "g5.xlarge",
            },
            ["environments"] = environments,
            ["models"] = list,
        }.ToJsonString();
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        int.Parse(StringArg(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static string StringArg(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    /// <summary>One <c>kore-deploy</c> process: its exit code, output and how long it ran.</summary>
    private sealed class Run
    {
        private readonly Process _process;
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        private Run(Process process)
        {
            _process = process;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Ended = EndAsync(output, error);
        }

        public Task Ended { get; }

        public int ExitCode { get; private set; }

        public string Output { get; private set; } = string.Empty;

        public string Error { get; private set; } = string.Empty;

        public TimeSpan Elapsed { get; private set; }

        public static Run Start(string tool, string directory, Dictionary<string, string> variables, string[] arguments)
        {
            var native = !tool.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
            var start = new ProcessStartInfo(native ? tool : "dotnet")
            {
                WorkingDirectory = directory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (!native)
            {
                start.ArgumentList.Add(tool);
            }

            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in variables)
            {
                start.Environment[name] = value;
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} could not be started");
            process.StandardInput.Close();
            return new Run(process);
        }

        private async Task EndAsync(Task<string> output, Task<string> error)
        {
            await _process.WaitForExitAsync().ConfigureAwait(false);
            Elapsed = _clock.Elapsed;
            ExitCode = _process.ExitCode;
            Output = await output.ConfigureAwait(false);
            Error = await error.ConfigureAwait(false);
            _process.Dispose();
        }
    }
}
