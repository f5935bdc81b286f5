using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.EndToEnd;

/// <summary>A refused key or a refused connection says what to check next.</summary>
public sealed class HintTests
{
    [Fact]
    public async Task A_refused_key_points_at_KORE_API_KEY_and_the_key_s_source()
    {
        await using var emulator = await EmulatorFixture.StartAsync();

        var fromVariable = await ToolRunner.For(emulator.Host, "kg-wrong-key-0000").RunAsync("status", "ds-1");
        var fromStdin = await new ToolRunner { Stdin = "kg-wrong-key-0000" }.RunAsync("status", "ds-1", "--host", emulator.Host.ToString(), "--api-key-stdin");

        fromVariable.ExitCode.Should().Be(ExitCodes.Authentication, fromVariable.ToString());
        fromVariable.Error.Should().Contain("it came from KORE_API_KEY").And.Contain("--api-key-file");
        fromStdin.Error.Should().Contain("it came from --api-key-stdin");
        fromVariable.All.Should().NotContain("kg-wrong-key-0000");
    }

    [Fact]
    public async Task A_refused_connection_asks_whether_the_host_is_right_and_the_emulator_running()
    {
        // A port nothing listens on: the connection is refused at once.
        var port = FreePort();
        var run = await ToolRunner.For(new Uri($"http://127.0.0.1:{port}/"), "kg-any-key").RunAsync("status", "ds-1", "-o", "json");

        run.ExitCode.Should().Be(ExitCodes.ApiError, run.ToString());
        run.Json.GetProperty("reason").GetString().Should().Contain("Is the host right").And.Contain("kore-deploy emulator");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
