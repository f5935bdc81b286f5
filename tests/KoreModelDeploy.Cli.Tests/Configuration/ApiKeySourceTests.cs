using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Emulator;

namespace KoreModelDeploy.Cli.Tests.Configuration;

/// <summary>The key from a file or stdin, with the trailing line break editors and echo add; never from an option value.</summary>
public sealed class ApiKeySourceTests
{
    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("")]
    public async Task The_key_file_is_read_with_one_trailing_line_break_dropped(string lineBreak)
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Runner.Environment.Remove("KORE_API_KEY");
        var keyFile = session.Files.Write("key.txt", EmulatorSession.ApiKey + lineBreak);

        var run = await session.Runner.RunAsync("status", "ds-missing", "--api-key-file", keyFile);

        run.ExitCode.Should().Be(ExitCodes.ApiError, "the key was accepted and the id was not found: " + run);
        run.Error.Should().Contain("404");
    }

    [Fact]
    public async Task The_key_comes_from_stdin_and_wins_over_the_environment()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Runner.Environment["KORE_API_KEY"] = "kg-not-this-one";
        session.Runner.Stdin = EmulatorSession.ApiKey + "\n";

        var run = await session.DeployAsync("--api-key-stdin");

        run.ExitCode.Should().Be(0, run.ToString());
        session.Emulator.GetRequestCount(EmulatorEndpoint.Deploy).Should().Be(1);
    }

    [Fact]
    public async Task A_missing_or_empty_key_file_is_a_configuration_error()
    {
        await using var session = await EmulatorSession.StartAsync();

        var missing = await session.Runner.RunAsync("status", "ds-1", "--api-key-file", session.Files.PathOf("none.txt"));
        var empty = await session.Runner.RunAsync("status", "ds-1", "--api-key-file", session.Files.Write("empty.txt", "\n"));

        missing.ExitCode.Should().Be(ExitCodes.Configuration);
        missing.Error.Should().Contain("cannot read the API key file");
        empty.ExitCode.Should().Be(ExitCodes.Configuration);
        empty.Error.Should().Contain("is empty");
        session.Emulator.GetRequestCount(EmulatorEndpoint.Any).Should().Be(0);
    }

    [Fact]
    public async Task The_host_option_wins_over_KORE_HOST()
    {
        await using var session = await EmulatorSession.StartAsync();
        var real = session.Runner.Environment["KORE_HOST"]!;
        session.Runner.Environment["KORE_HOST"] = "http://127.0.0.2:9";

        var run = await session.Runner.RunAsync("status", "ds-missing", "--host", real);

        run.ExitCode.Should().Be(ExitCodes.ApiError);
        run.Error.Should().Contain("404");
    }
}
