using System.CommandLine;
using KoreModelDeploy.Cli.Commands;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli;

/// <summary>
/// The tool's entry point, apart from the process: arguments, standard streams, environment and a cancellation token
/// (the first Ctrl+C) in; the exit code out. <see cref="Program"/> calls it with the console; tests call it directly.
/// </summary>
internal static class KoreDeployCli
{
    /// <summary>Runs the tool with its console interaction service: what it says goes to the host's streams.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, CliHost host, CancellationToken cancellationToken) =>
        RunAsync(args, host, settings => new ConsoleInteractionService(host, settings), cancellationToken);

    /// <summary>Runs the tool with the interaction service <paramref name="interactionFor"/> builds for the run's output options.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliHost host, Func<OutputSettings, IInteractionService> interactionFor, CancellationToken cancellationToken)
    {
        // Output that cannot be written stops the run as Ctrl+C does: nobody would see what it says next.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, host.OutputFailure.Token);
        var root = new KoreDeployRootCommand(host, interactionFor);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && UsageErrorReport.WantsJson(args))
        {
            // With -o json a program reads stdout: it gets the failure as one JSON document, not help text.
            return UsageErrorReport.Write(parseResult, interactionFor(OutputSettings.Default with { Format = OutputFormat.Json }));
        }

        var configuration = new InvocationConfiguration
        {
            Output = host.Out,
            Error = host.Error,
            // The tool handles SIGINT and SIGTERM itself: the first stops a wait, the second ends the process.
            // System.CommandLine would otherwise end the process two seconds after the first.
            ProcessTerminationTimeout = null,
        };
        var exitCode = await parseResult.InvokeAsync(configuration, stop.Token).ConfigureAwait(false);
        return host.OutputFailure.Description is null ? exitCode : ExitCodes.OutputFailed;
    }
}
