using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.EndToEnd;

/// <summary>
/// apply's confirmation on a real pseudo-terminal: the built tool under util-linux <c>script</c>, so its stdin, stdout
/// and stderr are a terminal, and what the test writes arrives as typed keys; the end of the test's input arrives as
/// the terminal's end-of-file.
/// </summary>
public sealed class ConfirmationTerminalTests : EmulatorManifestTest
{
    // A bound for a hung terminal session, never a wait for a good one: set for a machine far busier than CI's.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    [Theory]
    [InlineData("yes", 0, 1)]
    [InlineData("no", ExitCodes.Cancelled, 0)]
    [InlineData(null, ExitCodes.Cancelled, 0)]
    public async Task The_answer_typed_on_a_terminal_decides_and_the_end_of_input_is_a_no(string? answer, int exitCode, int deployPosts)
    {
        await File.WriteAllTextAsync(ManifestPath, TestSupport.Manifests.For(Emulator.Host, 1));
        // script runs the command with $SHELL -c (/bin/sh when unset, as on CI runners); exec puts the tool in the
        // shell's place, so the tool is script's child whatever the shell, and the test can see it read the terminal.
        var command = "exec " + string.Join(' ', new[] { "dotnet", ToolProcess.ToolDll, "apply", "-f", ManifestPath, "--env", "test", "--init", "--poll-delay", "10ms", "--poll-max-delay", "20ms" }.Select(Quote));
        var environment = new Dictionary<string, string>(Emulator.ToolEnvironment) { ["NO_COLOR"] = "1", ["TERM"] = "xterm", ["DOTNET_EnableDiagnostics"] = "0", ["SHELL"] = "/bin/sh" };
        using var tool = ToolProcess.StartCommand(Dir.Path, environment, ["script", "-qec", command, "/dev/null"], keepInputOpen: true);

        // The question ends without a line break, so the test waits for the plan before it and for the tool to read
        // the terminal: keys typed earlier could be flushed when the tool sets the terminal up.
        await Eventually.WaitUntilAsync(
            () => tool.HasExited || (tool.Snapshot().Out.Contains("deploy    model-01", StringComparison.Ordinal) && KernelWaits.Children(tool.Id).Any(KernelWaits.IsReadingStdin)),
            "the tool to ask and wait for an answer on the terminal",
            Limit);
        tool.HasExited.Should().BeFalse(tool.Snapshot().ToString());
        if (answer is null)
        {
            tool.CloseInput();
        }
        else
        {
            // Enter on a terminal sends a carriage return, not a line feed.
            await tool.WriteInputAsync(answer + "\r");
        }

        var run = await tool.WaitAsync();
        var output = run.Out + run.Error;

        // script exits with the command's status.
        run.ExitCode.Should().Be(exitCode, run.ToString());
        Emulator.DeployPosts.Should().Be(deployPosts);
        File.Exists(JournalPath).Should().Be(deployPosts > 0, "a refused apply writes no journal");
        output.Should().Contain("Only 'yes' goes ahead");
        if (deployPosts == 0)
        {
            output.Should().Contain("apply cancelled; nothing changed");
        }
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
