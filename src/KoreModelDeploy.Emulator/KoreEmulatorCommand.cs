using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using KoreModelDeploy.Emulator.Hosting;

namespace KoreModelDeploy.Emulator;

/// <summary>
/// The emulator as a command-line command: its options (<c>--port</c>, <c>--api-key</c>, <c>--job-duration</c> and the
/// faults) and an action that serves on 127.0.0.1, prints <c>Kore emulator listening on http://127.0.0.1:PORT/</c> on
/// the standard output and runs until its cancellation token is cancelled (Ctrl+C, SIGTERM), then exits 0.
/// Add it to a root command to offer the emulator as a subcommand of a tool.
/// </summary>
/// <remarks>
/// The action never prints the API key. It exits 1, with the reason on the error output, when it cannot listen.
/// Request logs go to the standard error, one line per request.
/// </remarks>
[SuppressMessage("Design", "CA1010:Generic interface should also be implemented", Justification = "System.CommandLine's Command is enumerable only for its collection initializers; a command is not a collection.")]
public sealed class KoreEmulatorCommand : Command
{
    private readonly EmulatorCommandLine _definition = new();

    /// <summary>Creates the command with every emulator option and the serving action.</summary>
    /// <param name="name">The command's name on the command line.</param>
    public KoreEmulatorCommand(string name = "emulator")
        : base(name, EmulatorCommandLine.Description) =>
        _definition.ApplyTo(this);

    /// <summary>The emulator settings a parse of this command gives; the defaults for options not given.</summary>
    /// <param name="parseResult">A parse of a command line that includes this command.</param>
    /// <returns>New options, ready for <see cref="KoreEmulator.StartAsync(KoreEmulatorOptions?, CancellationToken)"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="parseResult"/> has parse errors.</exception>
    public KoreEmulatorOptions GetEmulatorOptions(ParseResult parseResult) => _definition.ReadOptions(parseResult);
}
