using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Hosting;

/// <summary>A manifest or deploy file that is a device or far too large is refused (exit 7), not read into memory.</summary>
public sealed class InputFileTests
{
    [Fact]
    public async Task A_manifest_from_bash_process_substitution_is_read()
    {
        using var dir = new TempDirectory();
        var manifest = dir.File("kore.json");
        await File.WriteAllTextAsync(manifest, TestSupport.Manifests.For(new Uri("https://prod.example.test"), 2));

        // <(…) hands the tool /dev/fd/N, a pipe; the journal's default place comes from that name, so one is given.
        var run = await ToolProcess.RunCommandAsync(dir.Path, new Dictionary<string, string>(),
            ["bash", "-c", "exec dotnet \"$0\" plan -f <(cat \"$1\") --env test --journal \"$2\"", ToolProcess.ToolDll, manifest, dir.File("j.jsonl")]);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain("model-01").And.Contain("model-02");
    }

    [Fact]
    public async Task A_manifest_that_is_a_device_is_refused()
    {
        var run = await new ToolRunner().RunAsync("plan", "-f", "/dev/zero", "--env", "prod");

        run.ExitCode.Should().Be(ExitCodes.Configuration, run.ToString());
        run.Error.Should().Contain("cannot read the manifest /dev/zero: it is a device");
    }

    [Fact]
    public async Task A_deploy_file_that_is_a_device_or_too_large_is_refused()
    {
        using var files = new TempDeployFiles();
        var huge = files.Write("huge.json", "{\"name\": \"" + new string('x', 1024 * 1024) + "\"}");

        var device = await new ToolRunner().RunAsync("validate", "--file", "/dev/zero");
        var large = await new ToolRunner().RunAsync("validate", "--file", huge);

        device.ExitCode.Should().Be(ExitCodes.Configuration, device.ToString());
        device.Error.Should().Contain("cannot read the deploy file /dev/zero: it is a device");
        large.ExitCode.Should().Be(ExitCodes.Configuration, large.ToString());
        large.Error.Should().Contain("holds more than 1 MiB");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(40_000)]
    [InlineData(65_536)]
    public async Task A_regular_file_of_up_to_the_bound_is_read_whole_and_one_byte_more_is_refused(int extra)
    {
        // The buffer starts at the file's length and grows if the file does: every size up to the bound reads whole.
        const int Bound = 65_536;
        using var dir = new TempDirectory();
        var text = new string('k', Bound - extra);
        var file = dir.File("input.txt");
        await File.WriteAllTextAsync(file, text);
        var over = dir.File("over.txt");
        await File.WriteAllTextAsync(over, text + new string('k', extra + 1));

        (await InputFile.ReadTextAsync(file, "the test file", Bound, CancellationToken.None)).Should().Be(text);
        var refused = await FluentActions.Awaiting(() => InputFile.ReadTextAsync(over, "the test file", Bound, CancellationToken.None))
            .Should().ThrowAsync<KoreModelDeploy.Cli.Configuration.CliConfigurationException>();
        refused.WithMessage("*the test file*holds more than 64 KiB*");
    }

    [Fact]
    public async Task A_pipe_is_read_whole_past_its_first_buffer_however_its_writes_are_cut()
    {
        using var dir = new TempDirectory();
        var fifo = dir.File("fifo");
        (await ToolProcess.RunCommandAsync(dir.Path, new Dictionary<string, string>(), ["mkfifo", fifo])).ExitCode.Should().Be(0);
        var text = string.Concat(Enumerable.Repeat("0123456789", 5_000));

        var writer = Task.Run(async () =>
        {
            await using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            foreach (var chunk in text.Chunk(7_001))
            {
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(chunk));
                await stream.FlushAsync();
            }
        });
        var read = await InputFile.ReadTextAsync(fifo, "the test pipe", 50_000, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
        await writer.WaitAsync(TimeSpan.FromMinutes(1));

        read.Should().Be(text);
    }
}
