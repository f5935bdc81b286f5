using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>Shows the SDK's log (each HTTP attempt, retries, polls) on stderr with <c>-v</c>. The SDK never logs the key.</summary>
internal sealed class StderrLoggerFactory(IStderrLines lines) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(lines);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("The tool's log goes to stderr only.");

    public void Dispose()
    {
    }

    private sealed class Logger(IStderrLines lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                // Indented, so the log reads as detail under the tool's own lines.
                lines.WriteLine("  " + formatter(state, exception));
            }
        }
    }
}
