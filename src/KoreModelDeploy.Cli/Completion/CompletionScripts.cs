namespace KoreModelDeploy.Cli.Completion;

/// <summary>
/// The completion script for each shell. Each one only hands the command line and the cursor to
/// <c>kore-deploy [suggest:N] "LINE"</c> (System.CommandLine's suggest directive), so commands, options and their values
/// are completed from the tool's own definitions and never go stale.
/// </summary>
internal static class CompletionScripts
{
    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh", "fish", "pwsh"];

    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        _ => PowerShell,
    };

    private const string Bash = """
        # kore-deploy completion for bash. Load it with: source <(kore-deploy completion bash)
        _kore_deploy_complete()
        {
            local line="${COMP_WORDS[*]:0:COMP_CWORD+1}"
            local cur="${COMP_WORDS[COMP_CWORD]}"
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$(kore-deploy "[suggest:${#line}]" "$line" 2>/dev/null)" -- "$cur"))
        }
        complete -o default -F _kore_deploy_complete kore-deploy
        """;

    private const string Zsh = """
        #compdef kore-deploy
        # kore-deploy completion for zsh. Load it with: source <(kore-deploy completion zsh) (after compinit)
        _kore_deploy()
        {
            local line="${words[1,CURRENT]}"
            local -a suggestions
            suggestions=(${(f)"$(kore-deploy "[suggest:${#line}]" "$line" 2>/dev/null)"})
            compadd -- $suggestions
        }
        compdef _kore_deploy kore-deploy
        """;

    private const string Fish = """
        # kore-deploy completion for fish. Load it with: kore-deploy completion fish | source
        function __kore_deploy_complete
            set -l line (commandline -cp)
            kore-deploy "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
        end
        complete -c kore-deploy -f -a '(__kore_deploy_complete)'
        """;

    private const string PowerShell = """
        # kore-deploy completion for PowerShell. Load it with: kore-deploy completion pwsh | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName kore-deploy -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $line = $commandAst.ToString()
            $position = $cursorPosition - $commandAst.Extent.StartOffset
            if ($line.Length -lt $position) { $line = $line.PadRight($position) }
            & kore-deploy "[suggest:$position]" "$line" 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }
        """;
}
