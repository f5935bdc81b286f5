using System.Diagnostics;

namespace KoreModelDeploy.Benchmarks;

/// <summary>
/// Runs one variant of <see cref="DeployAndPollBenchmarks"/> in a loop for a while, for a profiler to attach to
/// (<c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>); BenchmarkDotNet's own runs are for the figures.
/// </summary>
/// <remarks>Usage: <c>loop Sdk|HandWritten [seconds]</c>. Prints the time an operation took, on average, in each tenth of the run.</remarks>
internal static class DeployAndPollLoop
{
    public static async Task<int> RunAsync(string[] args)
    {
        var benchmarks = new DeployAndPollBenchmarks();
        Func<Task>? operation = args.FirstOrDefault() switch
        {
            "Sdk" => () => benchmarks.Sdk(),
            "HandWritten" => () => benchmarks.HandWritten(),
            _ => null,
        };
        var seconds = 20.0;
        if (operation is null || (args.Length > 1 && (!double.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out seconds) || seconds <= 0)))
        {
            await Console.Error.WriteLineAsync("usage: loop Sdk|HandWritten [seconds > 0]").ConfigureAwait(false);
            return 2;
        }

        benchmarks.Setup();
        try
        {
            var slice = TimeSpan.FromSeconds(seconds / 10);
            for (var part = 0; part < 10; part++)
            {
                var clock = Stopwatch.StartNew();
                var operations = 0;
                while (clock.Elapsed < slice)
                {
                    for (var i = 0; i < 1000; i++)
                    {
                        await operation().ConfigureAwait(false);
                    }

                    operations += 1000;
                }

                Console.WriteLine($"{args[0]}: {clock.Elapsed.TotalMilliseconds * 1000 / operations:0.000} µs an operation");
            }
        }
        finally
        {
            benchmarks.Cleanup();
        }

        return 0;
    }
}
