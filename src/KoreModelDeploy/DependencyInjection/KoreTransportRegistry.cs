using System.Collections.Concurrent;
using KoreModelDeploy.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KoreModelDeploy.DependencyInjection;

/// <summary>
/// Holds one <see cref="KoreTransport"/> per registered client name, so the transient typed clients that
/// <c>IHttpClientFactory</c> hands out share their pipelines instead of rebuilding them on every resolution.
/// A transport is rebuilt when its options change (a rotated API key in reloaded configuration, say).
/// </summary>
internal sealed class KoreTransportRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, KoreTransport> _transports = new(StringComparer.Ordinal);
    private readonly IOptionsMonitor<KoreModelDeployOptions> _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly TimeProvider? _timeProvider;
    private readonly IDisposable? _changeSubscription;

    public KoreTransportRegistry(IOptionsMonitor<KoreModelDeployOptions> options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        _options = options;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _changeSubscription = options.OnChange((_, name) => _transports.TryRemove(name ?? Options.DefaultName, out var _));
    }

    public KoreTransport Get(string name) =>
        _transports.TryGetValue(name, out var transport)
            ? transport
            : _transports.GetOrAdd(name, new KoreTransport(_options.Get(name), _loggerFactory, _timeProvider));

    public void Dispose() => _changeSubscription?.Dispose();
}
