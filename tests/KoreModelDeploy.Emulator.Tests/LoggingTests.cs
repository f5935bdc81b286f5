using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using static KoreModelDeploy.Emulator.Tests.TestSupport;

namespace KoreModelDeploy.Emulator.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task Each_request_is_logged_at_information_and_no_log_contains_a_key()
    {
        using var provider = new CapturingLoggerProvider();
        await using var emulator = await StartAsync(options =>
        {
            options.ApiKey = "kg-never-log-me";
            options.ConfigureLogging = logging => logging.AddProvider(provider).SetMinimumLevel(LogLevel.Trace);
        });
        using var client = CreateClient(emulator);
        using var wrongKeyClient = CreateClient(emulator, "kg-wrong-never-log-me");
        emulator.Faults.Enqueue(EmulatorFault.ServerError(502), EmulatorEndpoint.Undeploy);

        var id = await StartDeployAsync(client, "cm-logged");
        (await StatusAsync(client, id)).Dispose();
        (await UndeployAsync(client, "cm-logged")).Dispose();
        (await StatusAsync(wrongKeyClient, id)).Dispose();

        var emulatorLines = provider.Entries.Where(entry => entry.Category == "KoreModelDeploy.Emulator").ToList();
        emulatorLines.Should().HaveCount(4).And.OnlyContain(entry => entry.Level == LogLevel.Information);
        emulatorLines.Should().Contain(entry => entry.Message.Contains("/api/public/models/cm-logged/deploy", StringComparison.Ordinal)
            && entry.Message.Contains("200", StringComparison.Ordinal));
        provider.Entries.Should().NotContain(entry => entry.Message.Contains("never-log-me", StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel, formatter(state, exception) + " " + exception));
        }
    }
}
