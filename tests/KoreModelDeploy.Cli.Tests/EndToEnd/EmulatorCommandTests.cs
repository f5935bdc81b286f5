using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.EndToEnd;

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
        stopped.All.Should().NotContain(key, "the emulator never prints its key");
    }

    [Fact]
    public async Task Its_options_are_checked_like_the_tool_s_own()
    {
        var run = await new ToolRunner().RunAsync("emulator", "--job-duration", "soon");

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("--job-duration");
    }
}
