using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace KoreModelDeploy.Emulator.Tests;

/// <summary>
/// The emulator's command line, as a subcommand of a tool (<see cref="KoreEmulatorCommand"/>) and as the standalone
/// root command: every option, bad values with the option named, help, and the serving action run in-process.
/// </summary>
public sealed partial class CommandLineTests
{
    private const string Secret = "kg-command-line-secret";

    [Fact]
    public void No_option_gives_the_options_types_defaults()
    {
        var defaults = new KoreEmulatorOptions();

        var options = Parse();

        options.Port.Should().Be(defaults.Port);
        options.ApiKey.Should().Be(KoreEmulatorOptions.DefaultApiKey);
        options.JobDuration.Should().Be(defaults.JobDuration);
        options.DockStatusRateLimitEnabled.Should().BeTrue();
        options.DockStatusRequestsPerMinute.Should().Be(defaults.DockStatusRequestsPerMinute);
        options.DockStatusRequestsPerHour.Should().Be(defaults.DockStatusRequestsPerHour);
        options.FailedJobFraction.Should().Be(0);
        options.TransientStatusFailureRate.Should().Be(0);
        options.Seed.Should().Be(0);
        options.JobsNeverComplete.Should().BeFalse();
        options.Lenient.Should().BeFalse("strict is the default");
    }

    [Fact]
    public void A_parse_of_another_command_gives_the_defaults_not_zeros()
    {
        var command = new KoreEmulatorCommand();
        var other = new RootCommand { new Command("status"), command }.Parse(["status"]);

        var options = command.GetEmulatorOptions(other);

        options.DockStatusRequestsPerMinute.Should().Be(new KoreEmulatorOptions().DockStatusRequestsPerMinute);
        options.JobDuration.Should().Be(new KoreEmulatorOptions().JobDuration);
        options.ApiKey.Should().Be(KoreEmulatorOptions.DefaultApiKey);
        options.DockStatusRateLimitEnabled.Should().BeTrue();
    }

    [Fact]
    public void Every_option_is_read_in_both_spellings()
    {
        var options = Parse(
            "--port", "5080", "--api-key=kg-test", "--job-duration", "45m", "--no-rate-limit",
            "--status-limit-per-minute=10", "--status-limit-per-hour", "100", "--failed-job-fraction=0.25",
            "--transient-status-failure-rate", "0.5", "--seed", "-3", "--jobs-never-complete", "--lenient");

        options.Port.Should().Be(5080);
        options.ApiKey.Should().Be("kg-test");
        options.JobDuration.Should().Be(TimeSpan.FromMinutes(45));
        options.DockStatusRateLimitEnabled.Should().BeFalse();
        options.DockStatusRequestsPerMinute.Should().Be(10);
        options.DockStatusRequestsPerHour.Should().Be(100);
        options.FailedJobFraction.Should().Be(0.25);
        options.TransientStatusFailureRate.Should().Be(0.5);
        options.Seed.Should().Be(-3);
        options.JobsNeverComplete.Should().BeTrue();
        options.Lenient.Should().BeTrue();
    }

    [Theory]
    [InlineData("5", 5_000)]
    [InlineData("0.5", 500)]
    [InlineData("0", 0)]
    [InlineData("500ms", 500)]
    [InlineData("90s", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1h30m", 5_400_000)]
    public void Job_duration_takes_the_tools_units_and_bare_seconds(string text, long milliseconds) =>
        Parse("--job-duration", text).JobDuration.Should().Be(TimeSpan.FromMilliseconds(milliseconds));

    [Theory]
    [InlineData(new[] { "--port", "eighty" }, "'--port'")]
    [InlineData(new[] { "--port", "70000" }, "--port must be between 0 and 65535; got 70000.")]
    [InlineData(new[] { "--port", "-1" }, "--port must be between 0 and 65535; got -1.")]
    [InlineData(new[] { "--port" }, "'--port'")]
    [InlineData(new[] { "--api-key", " " }, "--api-key must not be blank.")]
    [InlineData(new[] { "--job-duration", "5x" }, "--job-duration: '5x' has an unknown unit 'x'")]
    [InlineData(new[] { "--job-duration", "-1" }, "--job-duration: '-1' is not a duration")]
    [InlineData(new[] { "--status-limit-per-minute", "0" }, "--status-limit-per-minute must be at least 1; got 0.")]
    [InlineData(new[] { "--status-limit-per-hour", "-5" }, "--status-limit-per-hour must be at least 1; got -5.")]
    [InlineData(new[] { "--failed-job-fraction", "2" }, "--failed-job-fraction must be between 0 and 1; got 2.")]
    [InlineData(new[] { "--failed-job-fraction", "a quarter" }, "--failed-job-fraction needs a number from 0 to 1; got 'a quarter'.")]
    [InlineData(new[] { "--transient-status-failure-rate", "NaN" }, "--transient-status-failure-rate must be between 0 and 1; got NaN.")]
    [InlineData(new[] { "--seed", "1.5" }, "'--seed'")]
    [InlineData(new[] { "--verbose" }, "'--verbose'")]
    public void A_bad_value_is_a_parse_error_naming_the_option(string[] args, string expected)
    {
        var command = new KoreEmulatorCommand();
        var result = new RootCommand { command }.Parse(["emulator", .. args]);

        result.Errors.Select(error => error.Message).Should().ContainSingle().Which.Should().Contain(expected);
        command.Invoking(c => c.GetEmulatorOptions(result))
            .Should().Throw<ArgumentException>().WithMessage("*" + expected + "*");
    }

    [Fact]
    public async Task A_bad_value_exits_1_with_the_error_on_stderr_and_starts_nothing()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var result = new RootCommand { new KoreEmulatorCommand() }.Parse(["emulator", "--port", "70000"]);

        var exitCode = await result.InvokeAsync(Configuration(output, error));

        exitCode.Should().Be(1);
        error.ToString().Should().Contain("--port must be between 0 and 65535; got 70000.");
        output.ToString().Should().NotContain("listening");
    }

    [Fact]
    public async Task Help_lists_every_option_with_its_default_and_starts_nothing()
    {
        var output = new StringWriter();
        var result = new RootCommand { new KoreEmulatorCommand("emu") }.Parse(["emu", "--help"]);

        var exitCode = await result.InvokeAsync(Configuration(output, new StringWriter()));

        exitCode.Should().Be(0);
        var help = output.ToString();
        help.Should().Contain("Runs a local emulator of Kore.ai's model deployment API").And.NotContain("listening on");
        foreach (var option in OptionNames)
        {
            help.Should().Contain(option);
        }

        help.Should().Contain("--status-limit-per-minute <n>").And.Contain("[default: 60]").And.Contain("Default 3s.");
        help.Should().Contain("90s, 45m, 2h");
    }

    [Fact]
    public async Task The_standalone_help_names_the_emulator_executable()
    {
        var output = new StringWriter();

        var exitCode = await Program.CreateRootCommand().Parse(["--help"]).InvokeAsync(Configuration(output, new StringWriter()));

        exitCode.Should().Be(0);
        output.ToString().Should().Contain("KoreModelDeploy.Emulator [options]").And.Contain("--lenient");
    }

    [Fact]
    public void The_standalone_root_command_has_the_same_options_as_the_subcommand()
    {
        var root = Program.CreateRootCommand();

        root.Options.Select(option => option.Name).Should().Contain(OptionNames);
        new KoreEmulatorCommand().Options.Select(option => option.Name).Should().BeEquivalentTo(OptionNames);
        root.Action.Should().NotBeNull();
    }

    [Fact]
    public async Task The_action_prints_one_url_line_serves_with_the_given_key_and_exits_0_when_cancelled()
    {
        var output = new LineWriter();
        var error = new LineWriter();
        using var stop = new CancellationTokenSource();
        var result = new RootCommand { new KoreEmulatorCommand() }.Parse(["emulator", "--api-key", Secret, "--job-duration", "1h"]);

        var run = result.InvokeAsync(Configuration(output, error), stop.Token);
        var baseAddress = await WaitForUrlAsync(output);

        using (var client = new HttpClient { BaseAddress = baseAddress })
        {
            client.DefaultRequestHeaders.Add("x-api-key", Secret);
            using var accepted = await client.PostAsync(
                new Uri("api/public/models/cm-cli/deploy?modelType=openSource", UriKind.Relative),
                new StringContent(TestSupport.SampleOpenSourceBody, Encoding.UTF8, "application/json"),
                CancellationToken.None);
            accepted.StatusCode.Should().Be(HttpStatusCode.OK);
            var id = (string)(await TestSupport.ReadObjectAsync(accepted))["dock-statusId"]!;
            (await TestSupport.ReadStatusAsync(client, id)).Should().Be("IN_PROGRESS", "--job-duration 1h keeps it running");
        }

        stop.Cancel();
        (await Eventually.Within(run)).Should().Be(0);
        output.Lines.Should().ContainSingle().Which.Should().MatchRegex(UrlLine().ToString());
        output.Text.Should().NotContain(Secret, "stdout carries the URL alone");
        error.Text.Should().Contain("export KORE_API_KEY=" + Secret, "the key typed after --api-key is the emulator's own, for the next terminal");
        error.Text.Should().Contain("Press Ctrl+C to stop.");
    }

    [Fact]
    public async Task The_standalone_root_command_serves_until_cancelled()
    {
        var output = new LineWriter();
        var error = new LineWriter();
        using var stop = new CancellationTokenSource();

        var run = Program.CreateRootCommand().Parse(["--port", "0"]).InvokeAsync(Configuration(output, error), stop.Token);
        var baseAddress = await WaitForUrlAsync(output);
        using (var client = new HttpClient { BaseAddress = baseAddress })
        {
            client.DefaultRequestHeaders.Add("x-api-key", KoreEmulatorOptions.DefaultApiKey);
            using var response = await client.GetAsync(new Uri("api/public/dock-status/ds-none", UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, "the key was accepted and the id is unknown");
        }

        stop.Cancel();
        (await Eventually.Within(run)).Should().Be(0);
        output.Lines.Should().ContainSingle();
        output.Text.Should().NotContain(KoreEmulatorOptions.DefaultApiKey, "stdout carries the URL alone");
        error.Text.Should().Contain("export KORE_HOST=" + baseAddress).And.Contain("export KORE_API_KEY=" + KoreEmulatorOptions.DefaultApiKey,
            "stderr gives the lines another terminal needs, with the emulator's own local test key");
    }

    [Fact]
    public async Task A_port_in_use_exits_1_naming_the_port()
    {
        await using var taken = await KoreEmulator.StartAsync();
        var port = taken.BaseAddress.Port;
        var (output, error) = (new StringWriter(), new StringWriter());
        var result = new RootCommand { new KoreEmulatorCommand() }.Parse(["emulator", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        var exitCode = await Eventually.Within(result.InvokeAsync(Configuration(output, error)));

        exitCode.Should().Be(1);
        error.ToString().Should().Contain("cannot listen on 127.0.0.1:" + port);
        output.ToString().Should().BeEmpty();
    }

    private static readonly string[] OptionNames =
    [
        "--port", "--api-key", "--job-duration", "--no-rate-limit", "--status-limit-per-minute", "--status-limit-per-hour",
        "--failed-job-fraction", "--transient-status-failure-rate", "--seed", "--jobs-never-complete", "--lenient",
    ];

    private static KoreEmulatorOptions Parse(params string[] args)
    {
        var command = new KoreEmulatorCommand();
        var result = new RootCommand { command }.Parse(["emulator", .. args]);
        result.Errors.Should().BeEmpty();
        return command.GetEmulatorOptions(result);
    }

    // In-process runs must not hook the test host's Ctrl+C handling.
    private static InvocationConfiguration Configuration(TextWriter output, TextWriter error) =>
        new() { Output = output, Error = error, ProcessTerminationTimeout = null };

    private static async Task<Uri> WaitForUrlAsync(LineWriter output)
    {
        await Eventually.WaitUntilAsync(() => output.Lines.Count > 0, "the URL line");
        var match = UrlLine().Match(output.Lines[0]);
        match.Success.Should().BeTrue(output.Lines[0]);
        return new Uri(match.Groups["url"].Value);
    }

    [GeneratedRegex(@"^Kore emulator listening on (?<url>http://127\.0\.0\.1:[0-9]+/)$")]
    private static partial Regex UrlLine();

    /// <summary>Collects what the action writes from its own thread, line by line.</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly Lock _gate = new();
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return _text.ToString();
                }
            }
        }

        /// <summary>The complete lines so far: a line being written is left out until its line break.</summary>
        public List<string> Lines
        {
            get
            {
                var text = Text;
                return text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(line => line.TrimEnd('\r')).ToList();
            }
        }

        public override void Write(char value)
        {
            lock (_gate)
            {
                _text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                _text.Append(value);
            }
        }
    }
}
