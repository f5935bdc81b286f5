using BenchmarkDotNet.Attributes;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Benchmarks;

/// <summary>What checking a deploy request against the vendor's rules costs before it is sent.</summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private readonly DeployModelRequest _valid = Samples.FlanT5Request;

    private readonly DeployModelRequest _invalid = Samples.FlanT5Request with
    {
        HyperParameters = Samples.FlanT5Request.HyperParameters with { TopK = 0, Temperature = 3 },
        DeviceType = new DeviceType("p5.48xlarge"),
    };

    [Benchmark(Baseline = true)]
    public bool ValidSample()
    {
        var errors = SdkInternals.NewCollector();
        SdkInternals.Validate(null, _valid, allowUndocumentedValues: false, errors);
        return SdkInternals.HasErrors(errors);
    }

    /// <summary>Three broken rules: the error path, paid only by requests that are refused anyway.</summary>
    [Benchmark]
    public bool InvalidSample()
    {
        var errors = SdkInternals.NewCollector();
        SdkInternals.Validate(null, _invalid, allowUndocumentedValues: false, errors);
        return SdkInternals.HasErrors(errors);
    }
}
