using System.CommandLine;
using KoreModelDeploy.Cli.Interaction;

namespace KoreModelDeploy.Cli.Output;

/// <summary>
/// A command line that does not parse, reported as any other failure when JSON was asked for: stdout stays one JSON
/// document (exit code 1, the errors as its reason) that <c>jq</c> can read, instead of help text.
/// </summary>
internal static class UsageErrorReport
{
    /// <summary>
    /// Whether stdout was meant for a program: <c>-o</c>/<c>--output</c> with any value but <c>text</c>. A misspelled
    /// value (<c>-o jsn</c>) still says a program reads stdout.
    /// </summary>
    public static bool WantsJson(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? value = null;
            if ((arg is "-o" or "--output") && i + 1 < args.Count)
            {
                value = args[i + 1];
            }
            else if (arg.StartsWith("--output=", StringComparison.Ordinal) || arg.StartsWith("-o=", StringComparison.Ordinal) || arg.StartsWith("-o:", StringComparison.Ordinal) || arg.StartsWith("--output:", StringComparison.Ordinal))
            {
                value = arg[(arg.IndexOfAny(['=', ':']) + 1)..];
            }

            if (value is not null)
            {
                return !string.Equals(value, "text", StringComparison.Ordinal);
            }
        }

        return false;
    }

    /// <summary>
    /// Writes the parse errors through <paramref name="interaction"/>, built for JSON output: the one JSON document on
    /// stdout (and an error line on stderr). Returns exit code 1.
    /// </summary>
    public static int Write(ParseResult parseResult, IInteractionService interaction)
    {
        var report = new CommandReport(parseResult.CommandResult.Command.Name)
        {
            ExitCode = ExitCodes.Usage,
            Reason = string.Join("; ", parseResult.Errors.Select(e => e.Message.Replace(Environment.NewLine, " ", StringComparison.Ordinal).Replace('\t', ' '))),
        };
        interaction.WriteReport(report);
        return ExitCodes.Usage;
    }
}
