using System.CommandLine;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Emulator;

namespace KoreModelDeploy.Cli.Commands;

/// <summary><c>kore-deploy</c> and its commands.</summary>
internal sealed class KoreDeployRootCommand : RootCommand
{
    /// <param name="host">The process's streams, environment and clock.</param>
    /// <param name="interactionFor">Builds a run's interaction service from its output options.</param>
    public KoreDeployRootCommand(CliHost host, Func<OutputSettings, IInteractionService> interactionFor)
        : base("Deploy, undeploy and follow models on Kore.ai's Agent Platform from a terminal or a CI pipeline.")
    {
        Subcommands.Add(new DeployCommand(host));
        Subcommands.Add(new UndeployCommand(host));
        Subcommands.Add(new StatusCommand(host));
        Subcommands.Add(new WaitCommand(host));
        Subcommands.Add(new ValidateCommand(host));
        Subcommands.Add(new PlanCommand(host));
        Subcommands.Add(new ApplyCommand(host));
        Subcommands.Add(new JournalCommand(host));
        Subcommands.Add(new CompletionCommand());

        // The emulator package defines its options and action once, for its own entry point and for this one.
        Subcommands.Add(new KoreEmulatorCommand("emulator"));

        foreach (var command in Subcommands.Concat(Subcommands.SelectMany(c => c.Subcommands)).OfType<BaseCommand>())
        {
            // A command's own arguments and options are added after the base class's; help reads better the other way round.
            command.ListCommonOptionsLast();
            command.UseInteraction(interactionFor);
        }

        HelpWithFooterAction.Install(this);
    }
}
