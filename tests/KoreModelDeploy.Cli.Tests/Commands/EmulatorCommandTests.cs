using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary><c>kore-deploy emulator</c>: the emulator package's command, served from the tool until Ctrl+C.</summary>
public sealed class EmulatorCommandTests
{
    [Fact]
    public async Task Serves_prints_its_URL_takes_a_deploy_from_the_tool_and_stops_on_Ctrl_C()
    {
        const string key = "kg-emulator-command-3b8d";
        var emulatorRunner = new ToolRunner();
        using var ctrlC = new CancellationTokenSource();
        using var files = new TempDeployFiles();

        var serving = emulatorRunner.RunAsync(ctrlC.Token, "emulator", "--port", "0", "--api-key", key, "--job-duration", "200ms");
        await Eventually.WaitUntilAsync(() => emulatorRunner.CurrentOut().Contains("listening on", StringComparison.Ordinal), "the emulator's URL");
        var url = new Uri(emulatorRunner.CurrentOut().Split("listening on ")[1].Trim());
        url.Host.Should().Be("127.0.0.1");

        var deploy = await ToolRunner.For(url, key).RunAsync(["deploy", "cm-1", "--type", "openSource", "--file", files.Valid, .. EmulatorSession.FastPolling]);
        ctrlC.Cancel();
        var stopped = await serving;

        deploy.ExitCode.Should().Be(0, deploy.ToString());
        stopped.ExitCode.Should().Be(0, stopped.ToString());
        stopped.Out.Trim().Should().Be("Kore emulator listening on " + url, "scripts read the URL from the one stdout line");
    }

    [Fact]
    public async Task Prints_the_two_export_lines_another_terminal_needs_on_stderr_and_they_work()
    {
        const string key = "kg-emulator-export-51c0";
        var emulatorRunner = new ToolRunner();
        using var ctrlC = new CancellationTokenSource();
        using var files = new TempDeployFiles();

        var serving = emulatorRunner.RunAsync(ctrlC.Token, "emulator", "--port", "0", "--api-key", key, "--job-duration", "200ms");
        await Eventually.WaitUntilAsync(() => emulatorRunner.CurrentError().Contains("export KORE_API_KEY=", StringComparison.Ordinal), "the export lines");
        var exports = emulatorRunner.CurrentError().Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("export ", StringComparison.Ordinal)).ToList();
        var url = emulatorRunner.CurrentOut().Split("listening on ")[1].Trim();

        // The lines as a shell reads them: export NAME=VALUE, nothing there to quote.
        var variables = exports.Select(l => l["export ".Length..].Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        variables.Should().BeEquivalentTo(new Dictionary<string, string> { ["KORE_HOST"] = url, ["KORE_API_KEY"] = key });
        var runner = new ToolRunner();
        foreach (var (name, value) in variables)
        {
            runner.Environment[name] = value;
        }

        var deploy = await runner.RunAsync(["deploy", "cm-1", "--type", "openSource", "--file", files.Valid, .. EmulatorSession.FastPolling]);
        ctrlC.Cancel();
        var stopped = await serving;

        deploy.ExitCode.Should().Be(0, deploy.ToString());
        stopped.Out.Should().NotContain(key, "stdout keeps its one line");
    }

    [Fact]
    public async Task Its_options_are_checked_like_the_tool_s_own()
    {
        var run = await new ToolRunner().RunAsync("emulator", "--job-duration", "soon");

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("--job-duration");
    }
}
