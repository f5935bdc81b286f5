using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Tests.Reliability.Secrets;

/// <summary>Records every log entry at every level as text: message, each state value, each active scope, the exception.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<string> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new System.Text.StringBuilder()
                .Append(logLevel).Append(' ').Append(category).Append(' ').Append(eventId).Append(": ").AppendLine(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append("  state ").Append(key).Append('=').AppendLine(value?.ToString());
                }
            }

            owner._scopes.ForEachScope(
                static (scope, builder) =>
                {
                    builder.Append("  scope ").AppendLine(scope?.ToString());
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, value) in pairs)
                        {
                            builder.Append("  scope ").Append(key).Append('=').AppendLine(value?.ToString());
                        }
                    }
                },
                text);
            if (exception is not null)
            {
                text.Append("  exception ").AppendLine(exception.ToString());
            }

            owner.Entries.Enqueue(text.ToString());
        }
    }
}
