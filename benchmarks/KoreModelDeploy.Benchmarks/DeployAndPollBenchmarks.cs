using BenchmarkDotNet.Attributes;
using Flurl.Http;
using KoreModelDeploy.Benchmarks.Peers;
using KoreModelDeploy.Benchmarks.Wire;
using KoreModelDeploy.Models;
using Microsoft.Extensions.DependencyInjection;
using RestSharp;

namespace KoreModelDeploy.Benchmarks;

/// <summary>
/// One deploy POST of the vendor's Flan-T5 sample and one dock status GET, written five ways over the same in-memory
/// handler. Setup checks that every variant sends the same method, URL, headers and body bytes. Each deploy answer
/// names a new job, so every poll is of a fresh id and the SDK's per-job poll budget never makes it wait.
/// </summary>
[MemoryDiagnoser]
public class DeployAndPollBenchmarks
{
    private readonly CannedResponseHandler _handler = new(Samples.StatusResponse);
    private readonly DeployModelRequest _request = Samples.FlanT5Request;
    private WireDeployRequest _wireRequest = null!;
    private ServiceProvider _services = null!;
    private IModelDeploymentClient _sdk = null!;
    private ModelDeploymentClient _sdkDirect = null!;
    private HandWrittenClient _handWritten = null!;
    private IKoreRefitApi _refit = null!;
    private RestClient _restSharp = null!;
    private FlurlClient _flurl = null!;

    [GlobalSetup]
    public void Setup()
    {
        _wireRequest = WireJsonContext.ToWire(_request);
        var services = new ServiceCollection();
        services.AddKoreModelDeploy(o =>
            {
                o.Host = new Uri(Samples.BaseAddress);
                o.ApiKey = Samples.ApiKey;
            })
            .ConfigurePrimaryHttpMessageHandler(() => _handler);
        _services = services.BuildServiceProvider();
        _sdk = _services.GetRequiredService<IModelDeploymentClient>();
        _sdkDirect = new ModelDeploymentClient(
            new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan },
            new KoreModelDeployOptions { Host = new Uri(Samples.BaseAddress), ApiKey = Samples.ApiKey });
        _handWritten = new HandWrittenClient(new HttpClient(_handler, disposeHandler: false));
        _refit = PeerClients.CreateRefit(_handler);
        _restSharp = PeerClients.CreateRestSharp(_handler);
        _flurl = PeerClients.CreateFlurl(_handler);

        SameRequestsCheck.Run(_handler, new Dictionary<string, Func<Task<string>>>
        {
            [nameof(HandWritten)] = async () => (await HandWritten().ConfigureAwait(false)).Status,
            [nameof(Sdk)] = async () => (await Sdk().ConfigureAwait(false)).Status.ToString(),
            [nameof(SdkOverPlainHttpClient)] = async () => (await SdkOverPlainHttpClient().ConfigureAwait(false)).Status.ToString(),
            [nameof(Refit)] = async () => (await Refit().ConfigureAwait(false)).Status,
            [nameof(RestSharp)] = async () => (await RestSharp().ConfigureAwait(false)).Status,
            [nameof(Flurl)] = async () => (await Flurl().ConfigureAwait(false)).Status,
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _flurl.Dispose();
        _restSharp.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<WireDockStatus> HandWritten() => _handWritten.DeployAndPollAsync(Samples.ModelId, _wireRequest);

    [Benchmark]
    public async Task<DockStatus> Sdk()
    {
        var deployed = await _sdk.DeployAsync(Samples.ModelId, ModelType.OpenSource, _request).ConfigureAwait(false);
        return await _sdk.GetDockStatusAsync(deployed.DockStatusId).ConfigureAwait(false);
    }

    /// <summary>
    /// Not one of the five: the same client over a plain HttpClient, without the logging handlers IHttpClientFactory
    /// adds to every named client, to show what the DI registration costs apart from the package's own work.
    /// </summary>
    [Benchmark]
    public async Task<DockStatus> SdkOverPlainHttpClient()
    {
        var deployed = await _sdkDirect.DeployAsync(Samples.ModelId, ModelType.OpenSource, _request).ConfigureAwait(false);
        return await _sdkDirect.GetDockStatusAsync(deployed.DockStatusId).ConfigureAwait(false);
    }

    [Benchmark]
    public Task<WireDockStatus> Refit() => PeerClients.RefitDeployAndPollAsync(_refit, _wireRequest);

    [Benchmark]
    public Task<WireDockStatus> RestSharp() => PeerClients.RestSharpDeployAndPollAsync(_restSharp, _wireRequest);

    [Benchmark]
    public Task<WireDockStatus> Flurl() => PeerClients.FlurlDeployAndPollAsync(_flurl, _wireRequest);
}
