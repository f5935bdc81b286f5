using System.Net;
using System.Net.Sockets;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Documentation;

/// <summary>
/// README's "Try it against the emulator" runs as written, with the built tool as <c>kore-deploy</c>: terminal 1's
/// emulator in the background, terminal 2's commands under <c>set -e</c> in a copy of the repository's samples. Only
/// the port is changed, to a free one, so README and the tool cannot drift apart.
/// </summary>
public sealed class ReadmeWalkthroughTests
{
    private const string ReadmePort = "5080";

    [Fact]
    public async Task The_walkthrough_runs_as_written_against_the_emulator()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "README.md"));
        var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var emulator = Block(readme, "<!-- walkthrough: terminal 1 -->").Replace(ReadmePort, port, StringComparison.Ordinal);
        var commands = Block(readme, "<!-- walkthrough: terminal 2 -->").Replace(ReadmePort, port, StringComparison.Ordinal);
        using var work = new TempDirectory();
        foreach (var sample in new[] { "samples/kore.json", "samples/KoreModelDeploy.Samples/flan-t5-deploy.json" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(work.File(sample))!);
            File.Copy(Path.Combine(RepositoryRoot.Path, sample), work.File(sample));
        }

        using var shell = new ToolShell();
        var run = await shell.RunAsync("bash", $$"""
            {{emulator}} > emulator.out 2> emulator.err &
            emulator_pid=$!
            trap 'kill $emulator_pid 2>/dev/null; wait $emulator_pid 2>/dev/null' EXIT
            for _ in $(seq 600); do grep -q 'listening on' emulator.out && break; sleep 0.1; done
            set -e
            {{commands}}
            """, work.Path);

        run.ExitCode.Should().Be(0, run.ToString());
        var emulatorSays = await File.ReadAllTextAsync(work.File("emulator.err"));
        foreach (var export in commands.Split('\n').Select(l => l.Split('#')[0].Trim()).Where(l => l.StartsWith("export KORE_", StringComparison.Ordinal)))
        {
            emulatorSays.Should().Contain(export, "README's export lines are the ones the emulator prints");
        }

        run.Out.Should().Contain("exit code 6: the job goes on", "the 1 s wait gives up");
        run.Error.Should().Contain("resume with: kore-deploy wait ds-");
        run.Out.Split('\n').Should().Contain("SUCCESS", "the resumed wait ends SUCCESS");
        run.Out.Should().Contain("flan-t5-staging\tdeployed").And.Contain("support-gpt2-staging\tdeployed");
    }

    /// <summary>The fenced block after <paramref name="marker"/>, without its fences.</summary>
    private static string Block(string readme, string marker)
    {
        var start = readme.IndexOf(marker, StringComparison.Ordinal);
        start.Should().BePositive($"README marks the walkthrough with {marker}");
        var open = readme.IndexOf("```bash\n", start, StringComparison.Ordinal) + "```bash\n".Length;
        var close = readme.IndexOf("\n```", open, StringComparison.Ordinal);
        return readme[open..close];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
