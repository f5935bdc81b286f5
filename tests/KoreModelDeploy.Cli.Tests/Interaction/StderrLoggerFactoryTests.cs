using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Cli.Tests.Interaction;

/// <summary>The SDK's log with <c>-v</c>, through the line seam: indented lines, debug and above.</summary>
public sealed class StderrLoggerFactoryTests
{
    [Fact]
    public void A_log_entry_of_debug_or_above_is_an_indented_line_and_trace_is_not_shown()
    {
        var lines = new RecordingInteractionService();
        using var factory = new StderrLoggerFactory(lines);
        var logger = factory.CreateLogger("KoreModelDeploy");

        logger.Log(LogLevel.Trace, default, "trace", null, (text, _) => text);
        logger.Log(LogLevel.Debug, default, "GET /dockStatus/ds-1 -> 200", null, (text, _) => text);

        lines.Shown.Should().Equal(new LineShown("  GET /dockStatus/ds-1 -> 200"));
    }
}
