using System.CommandLine;
using System.Runtime.InteropServices;
using KoreModelDeploy.Emulator.Hosting;

namespace KoreModelDeploy.Emulator;

/// <summary>The standalone command: <c>dotnet run --project src/KoreModelDeploy.Emulator -- --port 5080</c>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        void RequestStop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        // Stopping is the action's own business: it returns as soon as the token is cancelled, so the parser's
        // forced exit two seconds after Ctrl+C is turned off and both signals just cancel the token.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await CreateRootCommand().Parse(args).InvokeAsync(configuration, stop.Token).ConfigureAwait(false);
    }

    /// <summary>The standalone root command, built from the same definitions as <see cref="KoreEmulatorCommand"/>.</summary>
    internal static RootCommand CreateRootCommand()
    {
        // The name would otherwise come from the executable, whose ".Emulator" a native build's name loses as an extension.
        var root = new RootCommand(EmulatorCommandLine.Description) { HelpName = "KoreModelDeploy.Emulator" };
        new EmulatorCommandLine().ApplyTo(root);
        return root;
    }
}
