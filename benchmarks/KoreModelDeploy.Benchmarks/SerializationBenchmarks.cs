using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using KoreModelDeploy.Benchmarks.Wire;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Benchmarks;

/// <summary>
/// The package's JSON work per call (its own source-generated metadata, its value-type converters and spelling
/// aliases) next to plain DTOs of the same documents.
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private readonly DeployModelRequest _request = Samples.FlanT5Request;
    private readonly WireDeployRequest _wireRequest = WireJsonContext.ToWire(Samples.FlanT5Request);
    private readonly JsonTypeInfo<DeployModelRequest> _requestInfo = SdkInternals.TypeInfo<DeployModelRequest>();
    private readonly JsonTypeInfo<DeployModelResponse> _responseInfo = SdkInternals.TypeInfo<DeployModelResponse>();
    private readonly JsonTypeInfo<DockStatus> _statusInfo = SdkInternals.TypeInfo<DockStatus>();

    [Benchmark]
    public byte[] SerializeRequest_Sdk() => JsonSerializer.SerializeToUtf8Bytes(_request, _requestInfo);

    [Benchmark]
    public byte[] SerializeRequest_Dto() => JsonSerializer.SerializeToUtf8Bytes(_wireRequest, WireJsonContext.Default.WireDeployRequest);

    [Benchmark]
    public DeployModelResponse? DeserializeDeployResponse_Sdk() => JsonSerializer.Deserialize(Samples.DeployResponse, _responseInfo);

    [Benchmark]
    public WireDeployResponse? DeserializeDeployResponse_Dto() => JsonSerializer.Deserialize(Samples.DeployResponse, WireJsonContext.Default.WireDeployResponse);

    [Benchmark]
    public DockStatus? DeserializeStatus_Sdk() => JsonSerializer.Deserialize(Samples.StatusResponse, _statusInfo);

    [Benchmark]
    public WireDockStatus? DeserializeStatus_Dto() => JsonSerializer.Deserialize(Samples.StatusResponse, WireJsonContext.Default.WireDockStatus);
}
