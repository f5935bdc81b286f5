using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>System.CommandLine's help, followed by the command's <see cref="CommandHelp"/> (example, variables, exit codes).</summary>
internal sealed class HelpWithFooterAction(HelpAction help) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var result = help.Invoke(parseResult);
        if (parseResult.CommandResult.Command is IHasCommandHelp { Help: { } footer })
        {
            parseResult.InvocationConfiguration.Output.WriteLine(footer.Render());
        }

        return result;
    }

    /// <summary>Puts this action on every help option under <paramref name="root"/>.</summary>
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction action } helpOption)
            {
                helpOption.Action = new HelpWithFooterAction(action);
            }
        }
    }
}

/// <summary>A command whose help ends with an example, its environment variables and its exit codes.</summary>
internal interface IHasCommandHelp
{
    CommandHelp? Help { get; }
}
