using System.Runtime.InteropServices;
using KoreModelDeploy.Emulator.Hosting;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Emulator;

/// <summary>The standalone command: <c>dotnet run --project src/KoreModelDeploy.Emulator -- --port 5080</c>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (!CommandLine.TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(CommandLine.Usage).ConfigureAwait(false);
            return 2;
        }

        if (options is null)
        {
            Console.WriteLine(CommandLine.Usage);
            return 0;
        }

        options.ConfigureLogging = logging => logging
            .AddSimpleConsole(console => console.SingleLine = true)
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning);

        using var stop = new CancellationTokenSource();
        void RequestStop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);

        await using var emulator = await KoreEmulator.StartAsync(options, stop.Token).ConfigureAwait(false);
        Console.WriteLine("Kore emulator listening on " + emulator.BaseAddress);
        // The key itself is never printed: whoever started the emulator chose it.
        Console.WriteLine(options.ApiKey == KoreEmulatorOptions.DefaultApiKey
            ? "Requests must send x-api-key with the built-in default key (see README)."
            : "Requests must send x-api-key with the value given by --api-key.");
        Console.WriteLine("Press Ctrl+C to stop.");

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("Stopping.");
        }

        return 0;
    }
}
