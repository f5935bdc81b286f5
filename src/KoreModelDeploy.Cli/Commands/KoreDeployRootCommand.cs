using System.CommandLine;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Emulator;

namespace KoreModelDeploy.Cli.Commands;

/// <summary><c>kore-deploy</c> and its commands.</summary>
internal sealed class KoreDeployRootCommand : RootCommand
{
    public KoreDeployRootCommand(CliHost host)
        : base("Deploy, undeploy and follow models on Kore.ai's Agent Platform from a terminal or a CI pipeline.")
    {
        Subcommands.Add(new DeployCommand(host));
        Subcommands.Add(new UndeployCommand(host));
        Subcommands.Add(new StatusCommand(host));
        Subcommands.Add(new WaitCommand(host));
        Subcommands.Add(new ValidateCommand(host));
        Subcommands.Add(new PlanCommand(host));
        Subcommands.Add(new ApplyCommand(host));
        Subcommands.Add(new CompletionCommand());

        // The emulator package defines its options and action once, for its own entry point and for this one.
        Subcommands.Add(new KoreEmulatorCommand("emulator"));

        // A command's own arguments and options are added after the base class's; help reads better the other way round.
        foreach (var command in Subcommands.OfType<BaseCommand>())
        {
            command.ListCommonOptionsLast();
        }

        HelpWithFooterAction.Install(this);
    }
}
