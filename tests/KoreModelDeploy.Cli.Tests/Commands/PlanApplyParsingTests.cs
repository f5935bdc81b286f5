using System.CommandLine;
using KoreModelDeploy.Cli.Commands;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Commands;

/// <summary>plan's and apply's options as System.CommandLine reads them, with no network and no action run.</summary>
public sealed class PlanApplyParsingTests
{
    private static readonly CliHost Host = new(TextWriter.Null, TextWriter.Null, TextReader.Null, _ => null, errorIsTerminal: false);

    private static ParseResult Parse(params string[] args) => new KoreDeployRootCommand(Host, settings => new RecordingInteractionService(settings)).Parse(args);

    [Fact]
    public void Apply_reads_every_option()
    {
        var result = Parse("apply", "-f", "kore.json", "-e", "prod", "--journal", "j.jsonl", "--prune", "--retry-failed", "-p", "8", "--init",
            "--resolve", "m-1=not-started", "--resolve", "m-2=started:ds-9", "--host", "https://h.example", "--api-key-stdin",
            "--timeout", "2h", "--poll-delay", "1s", "-o", "json", "-q", "--lock-timeout", "10m");

        result.Errors.Should().BeEmpty();
        result.GetValue<FileInfo>("--file")!.Name.Should().Be("kore.json");
        result.GetValue<string>("--env").Should().Be("prod");
        result.GetValue<string>("--journal").Should().Be("j.jsonl", "a location: a path, or a postgres:// URI");
        result.GetValue<TimeSpan?>("--lock-timeout").Should().Be(TimeSpan.FromMinutes(10));
        result.GetValue<bool>("--prune").Should().BeTrue();
        result.GetValue<bool>("--retry-failed").Should().BeTrue();
        result.GetValue<int>("--parallel").Should().Be(8);
        result.GetValue<bool>("--init").Should().BeTrue();
        result.GetValue<Resolution[]>("--resolve").Should().Equal(new Resolution("m-1", null), new Resolution("m-2", "ds-9"));
        result.GetValue<string>("--host").Should().Be("https://h.example");
        result.GetValue<TimeSpan?>("--timeout").Should().Be(TimeSpan.FromHours(2));
    }

    [Fact]
    public void Apply_runs_four_models_at_once_unless_told()
    {
        Parse("apply", "-f", "kore.json", "--env", "prod").GetValue<int>("--parallel").Should().Be(4);
    }

    [Theory]
    [InlineData("--parallel", "0", "--parallel must be from 1 to 64")]
    [InlineData("--parallel", "65", "--parallel must be from 1 to 64")]
    [InlineData("--resolve", "m-1=deployed", "MODEL=not-started or MODEL=started:DOCK_STATUS_ID")]
    [InlineData("--resolve", "m-1", "MODEL=not-started or MODEL=started:DOCK_STATUS_ID")]
    public void Apply_refuses_a_bad_value_naming_what_it_takes(string option, string value, string message)
    {
        var result = Parse("apply", "-f", "kore.json", "--env", "prod", option, value);

        result.Errors.Should().ContainSingle().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void Plan_and_apply_need_a_manifest_and_an_environment_and_plan_takes_no_key()
    {
        Parse("plan", "--env", "prod").Errors.Should().NotBeEmpty();
        Parse("apply", "-f", "kore.json").Errors.Should().NotBeEmpty();
        Parse("plan", "-f", "kore.json", "--env", "prod", "--api-key-stdin").Errors.Should().NotBeEmpty("plan sends nothing, so it has no key option");

        var plan = Parse("plan", "-f", "kore.json", "--env", "prod", "--detailed-exitcode", "--prune", "--retry-failed", "--host", "https://h.example");
        plan.Errors.Should().BeEmpty();
        plan.GetValue<bool>("--detailed-exitcode").Should().BeTrue();
    }
}
