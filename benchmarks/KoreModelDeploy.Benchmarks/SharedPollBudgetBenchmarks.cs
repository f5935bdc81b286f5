using BenchmarkDotNet.Attributes;
using KoreModelDeploy.Models;
using KoreModelDeploy.PostgreSql;
using KoreModelDeploy.Testing;
using Npgsql;

namespace KoreModelDeploy.Benchmarks;

/// <summary>
/// One Get Dock Status call over the in-memory handler, its slot taken from the in-process budget or from the
/// PostgreSQL budget on a throwaway local server (loopback TCP, pooled connections): the difference is what one
/// reservation costs. Every poll is of a new job, so neither budget makes it wait.
/// </summary>
[MemoryDiagnoser]
public class SharedPollBudgetBenchmarks
{
    private readonly CannedResponseHandler _handler = new(Samples.StatusResponse);
    private PostgreSqlServer _server = null!;
    private PostgreSqlPollBudget _budget = null!;
    private ModelDeploymentClient _inProcess = null!;
    private ModelDeploymentClient _shared = null!;
    private long _job;

    [GlobalSetup]
    public void Setup()
    {
        _server = PostgreSqlServer.StartAsync().GetAwaiter().GetResult();
        var connectionString = _server.CreateDatabaseAsync("kore_bench").GetAwaiter().GetResult();
        using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            PostgreSqlPollBudgetSchema.CreateAsync(dataSource).GetAwaiter().GetResult();
        }

        _budget = new PostgreSqlPollBudget(connectionString);
        _inProcess = Create(null);
        _shared = Create(_budget);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _budget.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Task<DockStatus> PollInProcessBudget() => _inProcess.GetDockStatusAsync(NextJob());

    [Benchmark]
    public Task<DockStatus> PollPostgreSqlBudget() => _shared.GetDockStatusAsync(NextJob());

    private string NextJob() => "job-" + Interlocked.Increment(ref _job).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private ModelDeploymentClient Create(DockPollBudget? budget) =>
        new(
            new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan },
            new KoreModelDeployOptions { Host = new Uri(Samples.BaseAddress), ApiKey = Samples.ApiKey }.UsePollBudget(budget));
}
