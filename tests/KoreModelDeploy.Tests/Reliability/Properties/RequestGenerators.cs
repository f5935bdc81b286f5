using CsCheck;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Tests.Reliability.Properties;

/// <summary>Random deploy requests, weighted towards the edges of every documented range and just beyond them.</summary>
internal static class RequestGenerators
{
    public static readonly Gen<string?> ModelType = Gen.Frequency(
        (20, Gen.OneOf<string?>("openSource", "fineTune")),
        (1, Gen.OneOf<string?>("opensource", "OpenSource", "fine-tune", "", null)));

    public static readonly Gen<string> DeviceType = Gen.Frequency(
        (20, Gen.OneOf("g4dn.xlarge", "g5.xlarge", "g5.2xlarge", "g6e.xlarge", "g4dn.12xlarge", "g5.12xlarge", "g5.48xlarge", "g4dn.metal")),
        (1, Gen.OneOf("G5.XLARGE", "g5.xlarge ", "p4d.24xlarge", "", "g5")));

    public static readonly Gen<DeployModelRequest> Request =
        Gen.Select(Name(), Hyper(), Scaling(), DeviceTypeOrDefault(), Optimization(), Gen.Bool.Nullable())
            .Select((name, hyper, scaling, device, optimization, previously) => new DeployModelRequest
            {
                Name = name!,
                HyperParameters = hyper!,
                ScalingParameters = scaling,
                DeviceType = device,
                OptimizationInfo = optimization,
                IsDeployedPreviously = previously,
            });

    // Mostly inside the range, so that whole requests are often valid; the rest on, just past, or far past its edges.
    public static Gen<int> IntAround(int min, int max) => Gen.Frequency(
        (30, Gen.Int[min, max]),
        (3, Gen.OneOf(min, max, min - 1, max + 1)),
        (1, Gen.Int[min - 1000, max + 1000]),
        (1, Gen.OneOf(int.MinValue, int.MaxValue, 0, -1)));

    public static Gen<double> DoubleAround(double min, double max) => Gen.Frequency(
        (30, Gen.Double[min, max]),
        (3, Gen.OneOf(min, max, Math.BitDecrement(min), Math.BitIncrement(max), -0.0)),
        (1, Gen.Double[min - 10, max + 10]),
        (1, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.Epsilon)));

    private static Gen<string?> Name() => Gen.Frequency(
        (30, Gen.String[1, 20].Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => (string?)s)),
        (1, Gen.OneOf<string?>(null, string.Empty, " ", "\t\n", "Flant5_model")));

    private static Gen<HyperParameters?> Hyper() =>
        Gen.Select(DoubleAround(0, 2), IntAround(0, 512), DoubleAround(0, 1), IntAround(1, 100), StopSequence())
            .Select((t, m, p, k, stops) => new HyperParameters { Temperature = t, MaxTokens = m, TopP = p, TopK = k, StopSequence = stops })
            .Null(0.01);

    private static Gen<IReadOnlyList<string>?> StopSequence() => Gen.Frequency(
        (20, Gen.String[0, 8].Array[0, 3].Select(a => (IReadOnlyList<string>?)a)),
        (1, Gen.Const((IReadOnlyList<string>?)null)),
        (1, Gen.Const<IReadOnlyList<string>?>(new string[] { "stop", null! })));

    private static Gen<ScalingParameters?> Scaling() =>
        Gen.Select(IntAround(1, 256).Nullable(0.2), IntAround(1, 10).Nullable(0.2), IntAround(1, 50).Nullable(0.2), IntAround(1, 1000).Nullable(0.2), IntAround(50, 2000).Nullable(0.2))
            .Select((batch, min, max, up, down) => new ScalingParameters { MaxBatchSize = batch, MinReplicas = min, MaxReplicas = max, ScaleUpDelay = up, ScaleDownDelay = down })
            .Null(0.2);

    private static Gen<DeviceType> DeviceTypeOrDefault() => Gen.Frequency(
        (40, DeviceType.Select(d => new DeviceType(d))),
        (1, Gen.Const(default(DeviceType))));

    private static Gen<OptimizationInfo?> Optimization() =>
        Gen.Select(
                Gen.Frequency(
                    (20, Gen.OneOf<OptimizationType?>(null, default(OptimizationType), OptimizationType.Unspecified, OptimizationType.CTranslate2, OptimizationType.Vllm)),
                    (1, Gen.OneOf<OptimizationType?>(new OptimizationType("VLLM"), new OptimizationType("tensorrt")))),
                Gen.Frequency(
                    (20, Gen.OneOf<QuantizationType?>(null, default(QuantizationType), QuantizationType.Unspecified, QuantizationType.NoQuantization, QuantizationType.Int8Float16)),
                    (1, Gen.OneOf<QuantizationType?>(new QuantizationType("INT8_FLOAT16"), new QuantizationType("int4")))))
            .Select((o, q) => new OptimizationInfo { OptimizationType = o, QuantizationType = q })
            .Null(0.2);
}
