using System.Globalization;
using System.Text;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// What <c>--help</c> adds after a command's options: an example, the environment variables it reads, and its exit
/// codes, each code's meaning taken from <see cref="ExitCodes"/> so help and the code cannot disagree.
/// </summary>
internal sealed record CommandHelp(IReadOnlyList<string> Examples, IReadOnlyList<string> EnvironmentVariables, IReadOnlyList<int> ExitCodes)
{
    /// <summary>The variables every command reads for its output style.</summary>
    private const string OutputVariables = "NO_COLOR, TERM=dumb, CI: plain lines instead of live progress; GITHUB_ACTIONS=true: groups, annotations, step outputs";

    /// <summary>What the service commands read: where the service is and the key.</summary>
    public static IReadOnlyList<string> ServiceVariables { get; } =
    [
        "KORE_HOST: the platform's base URL, unless --host is given",
        "KORE_API_KEY: the API key, unless --api-key-file or --api-key-stdin is given",
    ];

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine(Examples.Count == 1 ? "Example:" : "Examples:");
        foreach (var example in Examples)
        {
            text.Append("  ").AppendLine(example);
        }

        text.AppendLine().AppendLine("Environment variables:");
        foreach (var variable in EnvironmentVariables.Append(OutputVariables))
        {
            text.Append("  ").AppendLine(variable);
        }

        text.AppendLine().AppendLine("Exit codes:");
        foreach (var code in ExitCodes)
        {
            text.Append("  ").Append(code.ToString(CultureInfo.InvariantCulture).PadRight(4)).AppendLine(Meaning(code));
        }

        return text.ToString();
    }

    private static string Meaning(int code) => code switch
    {
        Cli.ExitCodes.Success => "success",
        Cli.ExitCodes.Usage => "the command line does not parse, or an unexpected error",
        Cli.ExitCodes.JobFailed => "the job ended FAILED",
        Cli.ExitCodes.InvalidRequest => "the request or manifest breaks a rule; nothing was sent",
        Cli.ExitCodes.Authentication => "the service refused the key (401, 403)",
        Cli.ExitCodes.ApiError => "another API or network error",
        Cli.ExitCodes.WaitTimedOut => "the wait timed out; the job goes on (the command that resumes is printed)",
        Cli.ExitCodes.Configuration => "configuration: no host or key, an unreadable file or journal",
        Cli.ExitCodes.PlanHasChanges => "--detailed-exitcode: apply has something to do",
        Cli.ExitCodes.UnknownState => "a model is in unknown state; a person must check",
        Cli.ExitCodes.Cancelled => "Ctrl+C or SIGTERM; a job already started goes on",
        _ => "see README",
    };
}
