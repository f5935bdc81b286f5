using BenchmarkDotNet.Attributes;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace KoreModelDeploy.Benchmarks;

/// <summary>
/// What the client's resilience pipeline costs on a call that succeeds at once: the same Polly strategies the client
/// composes (overall timeout, retry, attempt timeout), around a callback that returns immediately.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private ResiliencePipeline<object> _three = null!;
    private ResiliencePipeline<object> _two = null!;
    private ResiliencePipeline<object> _one = null!;
    private static readonly object Result = new();

    [GlobalSetup]
    public void Setup()
    {
        var retry = new RetryStrategyOptions<object> { MaxRetryAttempts = 3, ShouldHandle = _ => new ValueTask<bool>(false) };
        _three = new ResiliencePipelineBuilder<object>().AddTimeout(TimeSpan.FromSeconds(100)).AddRetry(retry).AddTimeout(TimeSpan.FromSeconds(30)).Build();
        _two = new ResiliencePipelineBuilder<object>().AddRetry(retry).AddTimeout(TimeSpan.FromSeconds(30)).Build();
        _one = new ResiliencePipelineBuilder<object>().AddTimeout(TimeSpan.FromSeconds(30)).Build();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<object> Direct() => new(Result);

    [Benchmark]
    public ValueTask<object> OneTimeout() => Run(_one);

    [Benchmark]
    public ValueTask<object> RetryAndTimeout() => Run(_two);

    [Benchmark]
    public ValueTask<object> ThreeStrategies() => Run(_three);

    private static async ValueTask<object> Run(ResiliencePipeline<object> pipeline)
    {
        var context = ResilienceContextPool.Shared.Get(default(CancellationToken));
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(static (_, _) => new ValueTask<Outcome<object>>(Outcome.FromResult(Result)), context, 0).ConfigureAwait(false);
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
