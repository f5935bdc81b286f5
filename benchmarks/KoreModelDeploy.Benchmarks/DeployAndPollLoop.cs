using System.Diagnostics;
using System.Globalization;

namespace KoreModelDeploy.Benchmarks;

/// <summary>
/// Runs variants of <see cref="DeployAndPollBenchmarks"/> in a loop, for a profiler to attach to (<c>perf record</c>
/// with <c>DOTNET_PerfMapEnabled=1</c>) or to compare two builds on a machine whose speed drifts; BenchmarkDotNet's own
/// runs are for the figures.
/// </summary>
/// <remarks>
/// <para>Usage: <c>loop Sdk|HandWritten [seconds]</c> runs one variant and prints the time an operation took, on
/// average, in each tenth of the run.</para>
/// <para><c>loop ab [seconds]</c> runs <c>HandWritten</c> and <c>Sdk</c> in turns of 20,000 operations each in one
/// process and prints the median of the turns' ratios. A shared machine that slows down for a while slows both sides of
/// a turn alike, which separate runs minutes apart cannot promise.</para>
/// </remarks>
internal static class DeployAndPollLoop
{
    private const int TurnOperations = 20_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var benchmarks = new DeployAndPollBenchmarks();
        Func<Task> sdk = () => benchmarks.Sdk();
        Func<Task> handWritten = () => benchmarks.HandWritten();
        var variant = args.FirstOrDefault();
        var seconds = 20.0;
        if (variant is not ("Sdk" or "HandWritten" or "ab")
            || (args.Length > 1 && (!double.TryParse(args[1], CultureInfo.InvariantCulture, out seconds) || seconds <= 0)))
        {
            await Console.Error.WriteLineAsync("usage: loop Sdk|HandWritten|ab [seconds > 0]").ConfigureAwait(false);
            return 2;
        }

        benchmarks.Setup();
        try
        {
            var run = TimeSpan.FromSeconds(seconds);
            if (variant == "ab")
            {
                await CompareAsync(handWritten, sdk, run).ConfigureAwait(false);
            }
            else
            {
                await PaceAsync(variant, variant == "Sdk" ? sdk : handWritten, run).ConfigureAwait(false);
            }
        }
        finally
        {
            benchmarks.Cleanup();
        }

        return 0;
    }

    private static async Task PaceAsync(string name, Func<Task> operation, TimeSpan run)
    {
        for (var part = 0; part < 10; part++)
        {
            var clock = Stopwatch.StartNew();
            var operations = 0;
            while (clock.Elapsed < run / 10)
            {
                for (var i = 0; i < 1000; i++)
                {
                    await operation().ConfigureAwait(false);
                }

                operations += 1000;
            }

            Console.WriteLine($"{name}: {clock.Elapsed.TotalMilliseconds * 1000 / operations:0.000} µs an operation");
        }
    }

    private static async Task CompareAsync(Func<Task> baseline, Func<Task> candidate, TimeSpan run)
    {
        // A first turn of each warms both up and is not counted.
        await TimeTurnAsync(baseline).ConfigureAwait(false);
        await TimeTurnAsync(candidate).ConfigureAwait(false);
        var ratios = new List<double>();
        var baselineTimes = new List<double>();
        var candidateTimes = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < run)
        {
            var a = await TimeTurnAsync(baseline).ConfigureAwait(false);
            var b = await TimeTurnAsync(candidate).ConfigureAwait(false);
            baselineTimes.Add(a);
            candidateTimes.Add(b);
            ratios.Add(b / a);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ratios.Count} turns: HandWritten median {Median(baselineTimes):0.000} µs, Sdk median {Median(candidateTimes):0.000} µs; "
            + $"Sdk / HandWritten median {Median(ratios):0.000} (quartiles {Quantile(ratios, 0.25):0.000} to {Quantile(ratios, 0.75):0.000})"));
    }

    // Microseconds an operation, over one turn.
    private static async Task<double> TimeTurnAsync(Func<Task> operation)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < TurnOperations; i++)
        {
            await operation().ConfigureAwait(false);
        }

        return clock.Elapsed.TotalMilliseconds * 1000 / TurnOperations;
    }

    private static double Median(List<double> values) => Quantile(values, 0.5);

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((sorted[above] - sorted[below]) * (position - below));
    }
}
