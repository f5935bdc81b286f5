using System.CommandLine;

namespace KoreModelDeploy.Cli.Options;

/// <summary>The options every command has: <c>-o text|json</c>, <c>-q</c>, <c>-v</c>, <c>--no-color</c>.</summary>
internal sealed class OutputOptions
{
    public Option<string> Format { get; } = new("--output", "-o")
    {
        Description = "What stdout carries: text (the id or status) or json (one object with every detail).",
        DefaultValueFactory = _ => "text",
        HelpName = "text|json",
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print only the result and errors; no progress.",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Also print each HTTP attempt (method, path, status, time) on stderr.",
    };

    public Option<bool> NoColor { get; } = new("--no-color")
    {
        Description = "Plain lines on stderr: no colour, no live progress (as with NO_COLOR, TERM=dumb or CI).",
    };

    public OutputOptions()
    {
        Format.AcceptOnlyFromAmong("text", "json");
    }

    /// <summary>Adds the options; <c>-v</c> only to a command that calls the service, since it prints each HTTP attempt.</summary>
    public void AddTo(Command command, bool callsService)
    {
        foreach (var option in All)
        {
            if (callsService || option != Verbose)
            {
                command.Options.Add(option);
            }
        }
    }

    /// <summary>Moves these options after the command's own, so help lists what is particular to the command first.</summary>
    public void MoveToEnd(Command command)
    {
        foreach (var option in All)
        {
            if (command.Options.Remove(option))
            {
                command.Options.Add(option);
            }
        }
    }

    private Option[] All => [Format, Quiet, Verbose, NoColor];

    public OutputSettings Read(ParseResult parseResult) => new(
        string.Equals(parseResult.GetValue(Format), "json", StringComparison.Ordinal) ? OutputFormat.Json : OutputFormat.Text,
        parseResult.GetValue(Quiet),
        parseResult.GetValue(Verbose),
        parseResult.GetValue(NoColor));
}
