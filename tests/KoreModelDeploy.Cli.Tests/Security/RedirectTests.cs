using System.Net;
using System.Net.Sockets;
using System.Text;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Security;

/// <summary>
/// The tool talks to the service through the SDK's own handler: a service that redirects the deploy call to another
/// host (127.0.0.2 here, over real sockets) gets an error back, and the other host never sees the call or the key.
/// </summary>
public sealed class RedirectTests
{
    private const string Key = "kg-redirect-test-key-0123456789";

    [Fact]
    public async Task A_redirect_to_another_host_is_refused_and_the_key_never_reaches_it()
    {
        using var other = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        other.Start();
        var otherPort = ((IPEndPoint)other.LocalEndpoint).Port;

        using var service = new TcpListener(IPAddress.Loopback, 0);
        service.Start();
        var servicePort = ((IPEndPoint)service.LocalEndpoint).Port;
        var answered = AnswerWithRedirectAsync(service, $"http://127.0.0.2:{otherPort}/steal");

        using var files = new TempDeployFiles();
        var runner = ToolRunner.For(new Uri($"http://127.0.0.1:{servicePort}/"), Key);
        var run = await runner.RunAsync("deploy", "cm-redirected", "--type", "openSource", "--file", files.Write("deploy.json", VendorSampleJson.OpenSourceRequest), "-o", "json");

        await answered.WaitAsync(TimeSpan.FromSeconds(30));
        run.ExitCode.Should().Be(ExitCodes.ApiError, run.ToString());
        run.Json.GetProperty("error").GetProperty("status").GetInt32().Should().Be(307);
        run.All.Should().NotContain(Key);
        other.Pending().Should().BeFalse("the redirect must not be followed: nothing may connect to the other host");
    }

    private static async Task AnswerWithRedirectAsync(TcpListener listener, string location)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new byte[64 * 1024];
        var read = 0;
        while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read));
            if (n == 0)
            {
                return;
            }

            read += n;
        }

        var answer = $"HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
    }
}
