using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Completion;

/// <summary>
/// <c>kore-deploy completion SHELL</c>: each script loaded by its own shell completes a command, an option and an
/// option's value through the tool's <c>[suggest]</c> directive.
/// </summary>
public sealed class CompletionScriptTests
{
    /// <summary>Completes the last word of <paramref name="words"/> (empty: a new word) with the bash script's function.</summary>
    private static string BashCompletion(params string[] words) => $$"""
        source <(kore-deploy completion bash)
        COMP_WORDS=({{string.Join(' ', words.Select(w => $"'{w}'"))}})
        COMP_CWORD={{words.Length - 1}}
        _kore_deploy_complete
        printf '%s\n' "${COMPREPLY[@]}"
        """;

    [Fact]
    public async Task Bash_completes_a_command_an_option_and_an_option_s_value()
    {
        using var shell = new ToolShell();

        var command = await shell.RunAsync("bash", BashCompletion("kore-deploy", "val"));
        var option = await shell.RunAsync("bash", BashCompletion("kore-deploy", "deploy", "cm-1", "--ty"));
        var value = await shell.RunAsync("bash", BashCompletion("kore-deploy", "deploy", "cm-1", "--type", ""));
        var output = await shell.RunAsync("bash", BashCompletion("kore-deploy", "status", "ds-1", "-o", ""));

        command.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(["validate"], command.ToString());
        option.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(["--type"], option.ToString());
        value.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(["openSource", "fineTune"], value.ToString());
        output.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(["text", "json"], output.ToString());
    }

    [Fact]
    public async Task Zsh_loads_the_script_registers_it_and_its_function_offers_an_option_s_values()
    {
        using var shell = new ToolShell();

        // compadd works only inside a completion widget; a stand-in prints what the function offers.
        var run = await shell.RunAsync("zsh", """
            autoload -U compinit && compinit -u
            source <(kore-deploy completion zsh)
            print -r -- "registered: $_comps[kore-deploy]"
            compadd() { shift; print -l -- "$@" }
            words=(kore-deploy deploy cm-1 --type "")
            CURRENT=5
            _kore_deploy
            words=(kore-deploy und)
            CURRENT=2
            _kore_deploy
            """);

        run.ExitCode.Should().Be(0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Contain("registered: _kore_deploy", run.ToString());
        lines.Should().Contain(["openSource", "fineTune", "undeploy"], run.ToString());
    }

    [Fact]
    public async Task Fish_loads_the_script_and_completes_a_command_an_option_and_an_option_s_value()
    {
        using var shell = new ToolShell();

        var run = await shell.RunAsync("fish", """
            kore-deploy completion fish | source
            complete -C'kore-deploy val'
            echo ---
            complete -C'kore-deploy deploy cm-1 --ty'
            echo ---
            complete -C'kore-deploy deploy cm-1 --type '
            """);

        run.ExitCode.Should().Be(0, run.ToString());
        var parts = run.Out.Split("---\n");
        parts[0].Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(["validate"], run.ToString());
        parts[1].Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(["--type"], run.ToString());
        parts[2].Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(["openSource", "fineTune"], run.ToString());
    }

    [Fact]
    public async Task PowerShell_loads_the_script_and_completes_a_command_an_option_and_an_option_s_values()
    {
        using var shell = new ToolShell();

        // TabExpansion2 is what PowerShell calls when TAB is pressed; the registered completer answers for kore-deploy,
        // also when the command is not the first on its line.
        var run = await shell.RunAsync("pwsh", """
            $ErrorActionPreference = 'Stop'
            kore-deploy completion pwsh | Out-String | Invoke-Expression
            foreach ($line in 'kore-deploy val', 'kore-deploy deploy cm-1 --ty', 'kore-deploy deploy cm-1 --type ', '$n = 1; kore-deploy status ds-1 -o ') {
                (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
                '---'
            }
            """);

        run.ExitCode.Should().Be(0, run.ToString());
        var parts = run.Out.Replace("\r", string.Empty, StringComparison.Ordinal).Split("---\n");
        parts.Should().HaveCount(5, run.ToString());
        parts[0].Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(["validate"], run.ToString());
        parts[1].Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(["--type"], run.ToString());
        parts[2].Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(["openSource", "fineTune"], run.ToString());
        parts[3].Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(["text", "json"], run.ToString());
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _kore_deploy_complete kore-deploy")]
    [InlineData("zsh", "compdef _kore_deploy kore-deploy")]
    [InlineData("fish", "complete -c kore-deploy")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName kore-deploy")]
    public async Task Each_shell_s_script_is_printed_on_stdout_and_calls_the_suggest_directive(string shell, string registration)
    {
        var run = await new ToolRunner().RunAsync("completion", shell);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain(registration).And.Contain("[suggest:");
        run.Error.Should().BeEmpty();
    }
}
