using System.Collections.Concurrent;
using KoreModelDeploy.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KoreModelDeploy.DependencyInjection;

/// <summary>
/// Holds one <see cref="KoreTransport"/> per registered client name, so the transient typed clients that
/// <c>IHttpClientFactory</c> hands out share their pipelines instead of rebuilding them on every resolution.
/// </summary>
internal sealed class KoreTransportRegistry(IOptionsMonitor<KoreModelDeployOptions> options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
{
    private readonly ConcurrentDictionary<string, KoreTransport> _transports = new(StringComparer.Ordinal);

    public KoreTransport Get(string name) =>
        _transports.TryGetValue(name, out var transport)
            ? transport
            : _transports.GetOrAdd(name, new KoreTransport(options.Get(name), loggerFactory, timeProvider));
}
