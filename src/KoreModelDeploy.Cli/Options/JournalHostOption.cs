using System.CommandLine;

namespace KoreModelDeploy.Cli.Options;

/// <summary>The <c>--host</c> of the <c>journal</c> verbs that find a journal as apply left it: the same option in each.</summary>
internal static class JournalHostOption
{
    public static Option<string> Create() => new("--host")
    {
        Description = "The host the journal belongs to, when apply was given --host; default: the environment's host in the manifest. KORE_HOST is not read.",
        HelpName = "url",
    };
}
