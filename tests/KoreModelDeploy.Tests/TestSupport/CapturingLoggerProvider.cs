using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>
/// Keeps every log entry with everything a sink could write out: the formatted message, each structured value,
/// the state's own text, the exception, and the active scopes.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    public IEnumerable<LogEntry> ForCategory(string category) => Entries.Where(e => e.Category == category);

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            var scopes = new List<string>();
            owner._scopes.ForEachScope((scope, list) => list.Add(Describe(scope)), scopes);
            owner.Entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), state?.ToString(), values, exception, scopes));
        }

        private static string Describe(object? scope)
        {
            if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                return scope + " {" + string.Join(", ", pairs.Select(p => p.Key + "=" + p.Value)) + "}";
            }

            return scope?.ToString() ?? string.Empty;
        }
    }
}

public sealed record LogEntry(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    string? StateText,
    IReadOnlyDictionary<string, object?> Values,
    Exception? Exception,
    IReadOnlyList<string> Scopes)
{
    /// <summary>Every piece of text this entry could put in a log sink.</summary>
    public IEnumerable<string> AllText()
    {
        yield return Message;
        if (StateText is not null)
        {
            yield return StateText;
        }

        foreach (var (key, value) in Values)
        {
            yield return key;
            yield return value?.ToString() ?? string.Empty;
        }

        if (Exception is not null)
        {
            yield return Exception.ToString();
        }

        foreach (var scope in Scopes)
        {
            yield return scope;
        }
    }
}
