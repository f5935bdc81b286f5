using System.CommandLine;
using KoreModelDeploy.Cli.Hosting;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// <c>kore-deploy journal VERB -f MANIFEST --env E [--journal LOCATION]</c>: the ways out of states apply cannot leave
/// on its own, each an event appended to the environment's journal, never a line deleted or rewritten.
/// </summary>
internal sealed class JournalCommand : Command, IHasCommandHelp
{
    public JournalCommand(CliHost host)
        : base("journal", "Create a shared journal's tables, show an environment's journal, move it to another store, or repair it by appending an event: re-bind it to the right host, or forget one model.")
    {
        Subcommands.Add(new JournalInitCommand(host));
        Subcommands.Add(new JournalRebindCommand(host));
        Subcommands.Add(new JournalForgetCommand(host));
        Subcommands.Add(new JournalShowCommand(host));
        Subcommands.Add(new JournalHistoryCommand(host));
        Subcommands.Add(new JournalCopyCommand(host));
    }

    /// <inheritdoc/>
    public CommandHelp? Help { get; } = new(
        [
            "kore-deploy journal init -f kore.json --env staging --journal postgres://deploy@db.example.com:5432/kore",
            "kore-deploy journal rebind -f kore.json --env staging --host https://agent-platform.kore.ai",
            "kore-deploy journal forget support-gpt2 -f kore.json --env staging",
            "kore-deploy journal copy -f kore.json --env staging --to postgres://deploy@db.example.com:5432/kore",
        ],
        [],
        [ExitCodes.Success, ExitCodes.Usage]);
}
