using System.CommandLine;
using KoreModelDeploy.Cli.Completion;

namespace KoreModelDeploy.Cli.Commands;

/// <summary><c>kore-deploy completion bash|zsh|fish|pwsh</c>: prints the shell's completion script on stdout.</summary>
internal sealed class CompletionCommand : Command, IHasCommandHelp
{
    private readonly Argument<string> _shell = new("shell") { Description = "The shell: bash, zsh, fish or pwsh." };

    public CompletionCommand()
        : base("completion", "Print a script that completes kore-deploy's commands, options and their values in your shell.")
    {
        _shell.AcceptOnlyFromAmong([.. CompletionScripts.Shells]);
        Arguments.Add(_shell);
        SetAction((parseResult, _) =>
        {
            parseResult.InvocationConfiguration.Output.WriteLine(CompletionScripts.For(parseResult.GetRequiredValue(_shell)));
            return Task.FromResult(ExitCodes.Success);
        });
    }

    /// <inheritdoc/>
    public CommandHelp? Help { get; } = new(
        ["source <(kore-deploy completion bash)    # in ~/.bashrc; zsh: the same after compinit; fish: kore-deploy completion fish | source"],
        [],
        [ExitCodes.Success, ExitCodes.Usage]);
}
