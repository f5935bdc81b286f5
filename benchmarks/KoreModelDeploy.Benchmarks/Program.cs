using BenchmarkDotNet.Running;
using KoreModelDeploy.Benchmarks;
using KoreModelDeploy.Benchmarks.Scale;
using KoreModelDeploy.Benchmarks.TeamState;

if (args.Length > 0 && args[0] == "scale")
{
    return await ScaleRun.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "team-race")
{
    return await TeamRace.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "loop")
{
    return await DeployAndPollLoop.RunAsync(args[1..]).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(ScaleRun).Assembly).Run(args);
return 0;
