using System.Runtime.InteropServices;
using KoreModelDeploy.Cli.Hosting;

namespace KoreModelDeploy.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var host = CliHost.FromConsole();
        using var stop = new CancellationTokenSource();
        var signals = 0;

        // The first Ctrl+C (or SIGTERM) stops waiting and lets a call that starts a job finish, so its id can be
        // printed; the second ends the process at once and says whether a job may have started.
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.Increment(ref signals) == 1)
            {
                stop.Cancel();
                return;
            }

            host.Error.WriteLine("kore-deploy: " + host.Interrupts.ImmediateExitMessage);
            host.Error.Flush();
            Environment.Exit(ExitCodes.Cancelled);
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        return await KoreDeployCli.RunAsync(args, host, stop.Token).ConfigureAwait(false);
    }
}
