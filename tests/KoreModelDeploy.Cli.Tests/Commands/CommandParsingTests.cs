using System.CommandLine;
using KoreModelDeploy.Cli.Commands;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary>Every command's arguments and options as System.CommandLine reads them, with no network and no action run.</summary>
public sealed class CommandParsingTests
{
    private static readonly CliHost Host = new(TextWriter.Null, TextWriter.Null, TextReader.Null, _ => null, errorIsTerminal: false);

    private static ParseResult Parse(params string[] args) => new KoreDeployRootCommand(Host, settings => new RecordingInteractionService(settings)).Parse(args);

    [Fact]
    public void Deploy_reads_its_argument_and_every_option()
    {
        var result = Parse("deploy", "cm-1", "--type", "fineTune", "-f", "d.json", "--set", "a.b=1", "--set", "name=", "--no-wait",
            "--host", "https://h.example", "--api-key-file", "key.txt", "--timeout", "45m", "--poll-delay", "2s", "--poll-max-delay", "1m",
            "-o", "json", "-q", "-v", "--no-color");

        result.Errors.Should().BeEmpty();
        result.CommandResult.Command.Name.Should().Be("deploy");
        result.GetValue<string>("modelId").Should().Be("cm-1");
        result.GetValue<string>("--type").Should().Be("fineTune");
        result.GetValue<FileInfo>("--file")!.Name.Should().Be("d.json");
        result.GetValue<string[]>("--set").Should().Equal("a.b=1", "name=");
        result.GetValue<bool>("--no-wait").Should().BeTrue();
        result.GetValue<string>("--host").Should().Be("https://h.example");
        result.GetValue<FileInfo>("--api-key-file")!.Name.Should().Be("key.txt");
        result.GetValue<TimeSpan?>("--timeout").Should().Be(TimeSpan.FromMinutes(45));
        result.GetValue<TimeSpan?>("--poll-delay").Should().Be(TimeSpan.FromSeconds(2));
        result.GetValue<TimeSpan?>("--poll-max-delay").Should().Be(TimeSpan.FromMinutes(1));
        result.GetValue<string>("--output").Should().Be("json");
        result.GetValue<bool>("--quiet").Should().BeTrue();
        result.GetValue<bool>("--verbose").Should().BeTrue();
        result.GetValue<bool>("--no-color").Should().BeTrue();
    }

    [Fact]
    public void Undeploy_status_wait_and_validate_read_theirs()
    {
        var undeploy = Parse("undeploy", "cm-1", "--no-wait", "--api-key-stdin", "--timeout", "90s");
        undeploy.Errors.Should().BeEmpty();
        undeploy.GetValue<string>("modelId").Should().Be("cm-1");
        undeploy.GetValue<bool>("--api-key-stdin").Should().BeTrue();
        undeploy.GetValue<TimeSpan?>("--timeout").Should().Be(TimeSpan.FromSeconds(90));

        var status = Parse("status", "ds-1", "-o", "json");
        status.Errors.Should().BeEmpty();
        status.GetValue<string>("dockStatusId").Should().Be("ds-1");

        var wait = Parse("wait", "ds-1", "--timeout", "2h", "--poll-delay", "500ms");
        wait.Errors.Should().BeEmpty();
        wait.GetValue<TimeSpan?>("--timeout").Should().Be(TimeSpan.FromHours(2));

        var validate = Parse("validate", "--file", "d.json", "--set", "hyperParameters.topK=40");
        validate.Errors.Should().BeEmpty();
        validate.GetValue<string[]>("--set").Should().Equal("hyperParameters.topK=40");
    }

    [Fact]
    public void Unset_wait_options_leave_the_SDK_defaults()
    {
        var result = Parse("wait", "ds-1");

        result.GetValue<TimeSpan?>("--timeout").Should().BeNull("the SDK's one-hour default applies");
        result.GetValue<TimeSpan?>("--poll-delay").Should().BeNull();
    }

    [Theory]
    [InlineData("deploy cm-1 -f d.json", "--type")]
    [InlineData("deploy cm-1 --type base -f d.json", "base")]
    [InlineData("deploy --type openSource -f d.json", "modelId")]
    [InlineData("deploy cm-1 --type openSource", "--file")]
    [InlineData("status", "dockStatusId")]
    [InlineData("wait ds-1 --timeout 10d", "--timeout")]
    [InlineData("wait ds-1 --timeout 0s", "out of range")]
    [InlineData("wait ds-1 --poll-delay 5s --poll-max-delay 1s", "--poll-max-delay must not be shorter")]
    [InlineData("status ds-1 --api-key-file k --api-key-stdin", "cannot be used together")]
    [InlineData("status ds-1 -o xml", "xml")]
    [InlineData("validate", "--file")]
    [InlineData("redeploy cm-1", "redeploy")]
    public void Refuses_bad_command_lines_naming_the_problem(string commandLine, string named)
    {
        var result = Parse(commandLine.Split(' '));

        result.Errors.Should().NotBeEmpty();
        string.Join("\n", result.Errors.Select(e => e.Message)).Should().Contain(named);
    }

    [Fact]
    public void No_option_takes_the_key_itself()
    {
        var root = new KoreDeployRootCommand(Host, settings => new RecordingInteractionService(settings));
        // The emulator's --api-key sets its own test key: the one key the contract lets a command line carry.
        var names = root.Subcommands.Where(c => c.Name != "emulator")
            .SelectMany(c => c.Options).SelectMany(o => o.Aliases.Append(o.Name)).ToList();

        names.Should().Contain("--api-key-file").And.Contain("--api-key-stdin");
        names.Where(n => n.StartsWith("--api-key", StringComparison.Ordinal)).Should().OnlyContain(n => n == "--api-key-file" || n == "--api-key-stdin");
    }
}
