using System.Net;
using KoreModelDeploy.Emulator.Faults;
using KoreModelDeploy.Emulator.Hosting;
using KoreModelDeploy.Emulator.Jobs;
using KoreModelDeploy.Emulator.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Emulator;

/// <summary>
/// A running emulator of the vendor's model deployment API, listening on 127.0.0.1 only.
/// Dispose it to stop listening.
/// </summary>
public sealed class KoreEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly JobStore _jobs;
    private readonly RequestCounters _counters;
    private int _disposed;

    private KoreEmulator(WebApplication app, Uri baseAddress, string apiKey, EmulatorFaults faults, JobStore jobs, RequestCounters counters)
    {
        _app = app;
        BaseAddress = baseAddress;
        ApiKey = apiKey;
        Faults = faults;
        _jobs = jobs;
        _counters = counters;
    }

    /// <summary>The root address, <c>http://127.0.0.1:&lt;port&gt;/</c>, to use as a client's host.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The key the emulator expects in the <c>x-api-key</c> header.</summary>
    public string ApiKey { get; }

    /// <summary>Scripts failures at run time: failed or never-ending jobs, and one-shot request faults.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>Starts an emulator and returns once it accepts connections.</summary>
    /// <param name="options">Settings; the defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static async Task<KoreEmulator> StartAsync(KoreEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KoreEmulatorOptions();
        options.Validate();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.Services.AddSingleton<IHostLifetime, SignalFreeHostLifetime>();
        var port = options.Port;
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1));

        var app = builder.Build();
        try
        {
            var timeProvider = options.TimeProvider;
            var faults = new EmulatorFaults();
            var jobs = new JobStore(timeProvider, options.JobDuration, new JobOutcomePlanner(options, faults));
            var counters = new RequestCounters();
            var endpoints = new ApiEndpoints(
                jobs,
                new DockStatusRateLimiter(
                    timeProvider, options.DockStatusRateLimitEnabled, options.DockStatusRequestsPerMinute, options.DockStatusRequestsPerHour),
                new TransientStatusFailures(options.TransientStatusFailureRate, options.Seed),
                strict: !options.Lenient);
            var middleware = new EmulatorRequestMiddleware(
                options.ApiKey,
                faults,
                counters,
                timeProvider,
                app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KoreModelDeploy.Emulator"));

            app.UseRouting();
            app.Use(next => context => middleware.InvokeAsync(context, next));
            endpoints.Map(app);

            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new KoreEmulator(app, new Uri(address.TrimEnd('/') + "/"), options.ApiKey, faults, jobs, counters);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>How many requests an endpoint has received, whatever the answer (faults, 401 and 429 included).</summary>
    /// <param name="endpoint">The endpoint; <see cref="EmulatorEndpoint.Any"/> gives the total.</param>
    /// <returns>The count since start.</returns>
    public int GetRequestCount(EmulatorEndpoint endpoint) => _counters.Get(endpoint);

    /// <summary>The ids of the models currently deployed (their last deploy job succeeded and no undeploy job has since), in ordinal order.</summary>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<string> GetDeployedModelIds() => _jobs.DeployedModelIds();

    /// <summary>Stops listening and releases the port.</summary>
    /// <returns>A task that completes when the emulator has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
