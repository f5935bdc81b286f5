using BenchmarkDotNet.Running;
using KoreModelDeploy.Benchmarks.Scale;

if (args.Length > 0 && args[0] == "scale")
{
    return await ScaleRun.RunAsync(args[1..]).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(ScaleRun).Assembly).Run(args);
return 0;
