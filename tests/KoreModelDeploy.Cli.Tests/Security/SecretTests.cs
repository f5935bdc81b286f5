using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Emulator;

namespace KoreModelDeploy.Cli.Tests.Security;

/// <summary>The key never appears in anything the tool prints, in any mode or outcome; only the mask command names it.</summary>
public sealed class SecretTests
{
    public static TheoryData<string[]> Modes => new()
    {
        Array.Empty<string>(),
        new[] { "-o", "json" },
        new[] { "-v" },
        new[] { "-v", "-o", "json" },
        new[] { "-q" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task No_output_contains_the_key(string[] mode)
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Runner.Environment["GITHUB_ACTIONS"] = "true";
        session.Runner.Environment["GITHUB_OUTPUT"] = session.Files.PathOf("out");
        session.Runner.Environment["GITHUB_STEP_SUMMARY"] = session.Files.PathOf("summary");
        session.Emulator.Faults.FailNextJob("GPU quota exceeded");
        session.Emulator.Faults.Enqueue(EmulatorFault.ServerError(503), EmulatorEndpoint.Undeploy);

        var runs = new List<ToolRun>
        {
            await session.Runner.RunAsync([.. session.DeployArgs("cm-a"), .. mode]),
            await session.Runner.RunAsync([.. session.DeployArgs("cm-b"), .. mode]),
            await session.Runner.RunAsync(["undeploy", "cm-b", .. EmulatorSession.FastPolling, .. mode]),
            await session.Runner.RunAsync(["status", "ds-missing", .. mode]),
        };
        session.Runner.Environment["KORE_API_KEY"] = EmulatorSession.ApiKey + "-refused";
        runs.Add(await session.Runner.RunAsync(["status", "ds-missing", .. mode]));
        session.Runner.Environment["KORE_API_KEY"] = EmulatorSession.ApiKey + " with a space";
        runs.Add(await session.Runner.RunAsync(["status", "ds-missing", .. mode]));

        runs.Select(r => r.ExitCode).Should().Equal(ExitCodes.JobFailed, 0, ExitCodes.ApiError, ExitCodes.ApiError, ExitCodes.Authentication, ExitCodes.Configuration);
        foreach (var run in runs)
        {
            run.Out.Should().NotContain(EmulatorSession.ApiKey, run.ToString());
            var unmasked = run.Error.Split('\n').Where(line => !line.StartsWith("::add-mask::", StringComparison.Ordinal));
            string.Join('\n', unmasked).Should().NotContain(EmulatorSession.ApiKey, run.ToString());
        }

        File.ReadAllText(session.Files.PathOf("out")).Should().NotContain(EmulatorSession.ApiKey);
        File.ReadAllText(session.Files.PathOf("summary")).Should().NotContain(EmulatorSession.ApiKey);
    }

    [Fact]
    public async Task Outside_GitHub_Actions_the_key_is_not_printed_even_to_mask_it()
    {
        await using var session = await EmulatorSession.StartAsync();

        var run = await session.DeployAsync("-v");

        run.ExitCode.Should().Be(0);
        run.All.Should().NotContain(EmulatorSession.ApiKey).And.NotContain("::add-mask::");
    }
}
