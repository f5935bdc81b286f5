using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace KoreModelDeploy.Tests.Reliability.Properties;

/// <summary>Where the deploy-file schema and the SDK are known to judge a body differently, on purpose or by nature.</summary>
[Flags]
internal enum KnownDifference
{
    None = 0,

    /// <summary>A cross-field rule a JSON Schema cannot state: the schema accepts, the SDK refuses.</summary>
    MinReplicasAboveMaxReplicas = 1,

    /// <summary><c>50.0</c> and <c>1e2</c> are integers to JSON Schema: the schema accepts, the SDK's parser refuses.</summary>
    IntegerWrittenWithFractionOrExponent = 2,

    /// <summary>The SDK's parser ignores a field the table does not list; the schema refuses it, as the strict emulator does.</summary>
    UnknownField = 4,

    /// <summary>The SDK's parser takes <c>null</c> for an optional field as absent; the schema refuses it, as the strict emulator does.</summary>
    NullForOptionalField = 8,

    /// <summary>
    /// <c>isDeployedPreviously</c> and <c>isDeployedPreviouly</c> both given, with different values: a rule across two
    /// members that a JSON Schema cannot state; the schema accepts, the SDK's parser refuses.
    /// </summary>
    ContradictingFlagSpellings = 16,
}

/// <summary>A generated deploy body: its JSON text and the known differences it contains.</summary>
internal sealed record DeployBody(string Json, KnownDifference Differences)
{
    public override string ToString() => Differences == KnownDifference.None ? Json : $"{Json} ({Differences})";
}

/// <summary>
/// Deploy bodies as JSON text, built member by member so that each can be wrong in its own way: out of range, of the
/// wrong type, missing, <c>null</c>, written as a float, or joined by a field the table does not list. Mostly valid, so
/// both sides of every boundary are explored. Keys are never repeated (a schema sees only one of repeated values).
/// </summary>
internal static class DeployBodyGenerators
{
    /// <summary>One member: its raw JSON (null when left out) and the differences it carries.</summary>
    private readonly record struct Member(string Name, string? Raw, KnownDifference Differences = KnownDifference.None);

    private static readonly string[] WrongTypes = ["\"1\"", "true", "[]", "{}", "\"\""];

    public static readonly Gen<DeployBody> Body =
        Gen.Select(
                Required("name", Name()),
                Required("hyperParameters", HyperParameters()),
                Optional("scalingParameters", ScalingParameters()),
                Required("deviceType", Enum("g4dn.xlarge", "g5.xlarge", "g5.2xlarge", "g6e.xlarge", "g4dn.12xlarge", "g5.12xlarge", "g5.48xlarge", "g4dn.metal")),
                Optional("optimizationInfo", OptimizationInfo()),
                Optional("isDeployedPreviously", Boolean()),
                Optional("isDeployedPreviouly", Boolean()),
                Extras())
            .Select((name, hyper, scaling, device, optimization, previously, previouslyTypo, extras) =>
            {
                var body = Assemble([name, hyper, scaling, device, optimization, previously, previouslyTypo, .. extras]);
                return previously.Raw is "true" or "false" && previouslyTypo.Raw is "true" or "false" && previously.Raw != previouslyTypo.Raw
                    ? body with { Differences = body.Differences | KnownDifference.ContradictingFlagSpellings }
                    : body;
            })
            .Select(member => new DeployBody(member.Raw!, member.Differences));

    private static Gen<Member> HyperParameters() =>
        Gen.Select(
                Required("temperature", Number(0, 2)),
                Required("maxTokens", Integer(0, 512)),
                Required("topP", Number(0, 1)),
                Required("topK", Integer(1, 100)),
                Optional("stopSequence", StopSequence()),
                UnknownMember("topk"))
            .Select((t, m, p, k, stops, extra) => Assemble([t, m, p, k, stops, extra]))
            .Or(Verbatim(WrongTypes), 1);

    private static Gen<Member> ScalingParameters() =>
        Gen.Select(
                Optional("maxBatchSize", Integer(1, 256)),
                Optional("minReplicas", Integer(1, 10)),
                Optional("maxReplicas", Integer(1, 50)),
                Optional("scaleUpDelay", Integer(1, 1000)),
                Optional("scaleDownDelay", Integer(50, 2000)),
                UnknownMember("replicas"))
            .Select((batch, min, max, up, down, extra) =>
            {
                var scaling = Assemble([batch, min, max, up, down, extra]);
                return NumberOf(min) is { } lowest && NumberOf(max) is { } highest && lowest > highest
                    ? scaling with { Differences = scaling.Differences | KnownDifference.MinReplicasAboveMaxReplicas }
                    : scaling;
            })
            .Or(Verbatim(WrongTypes), 1);

    private static Gen<Member> OptimizationInfo() =>
        Gen.Select(
                Optional("optimizationType", Enum("", "ctranslate2", "vllm")),
                Optional("quantizationType", Enum("", "no_quantization", "int8_float16")),
                UnknownMember("engine"))
            .Select((o, q, extra) => Assemble([o, q, extra]));

    /// <summary>A field the table does not list, now and then; a <c>$schema</c> string, which both sides accept, as often.</summary>
    private static Gen<Member[]> Extras() => Gen.Frequency(
        (30, Gen.Const(Array.Empty<Member>())),
        (2, Gen.Const(new[] { new Member("$schema", "\"./deploy-model-request.schema.json\"") })),
        (1, Gen.OneOf("description", "Name", "modelType").Select(name => new[] { new Member(name, "\"x\"", KnownDifference.UnknownField) })));

    private static Gen<Member> UnknownMember(string name) => Gen.Frequency(
        (40, Gen.Const(new Member(name, null))),
        (1, Gen.Const(new Member(name, "1", KnownDifference.UnknownField))));

    // Members of the gens below carry no name yet: Required and Optional give it.
    private static Gen<Member> Name() => Gen.Frequency(
        (30, Gen.String[1, 12].Where(s => !string.IsNullOrWhiteSpace(s)).Select(RawString)),
        (3, Gen.OneOf("", " ", "\t\n", "\v", "\u0085", "\u00a0", "\u1680", "\u2003", "\u2028", "\u3000", "\ufeff", "\u200b", " x ").Select(RawString)),
        (1, Verbatim("42", "true", "[]")));

    private static Gen<Member> Number(double min, double max) => Gen.Frequency(
        (30, Gen.Double[min, max].Select(RawDouble)),
        (4, Gen.OneOf(min, max, Math.BitIncrement(max), min - 0.5, max + 0.5, -1.0, 1e300).Select(RawDouble)),
        (2, Verbatim("1.0", "1e-1", "5E-1", "-0.0", "0e0")),
        (1, Verbatim(WrongTypes)));

    private static Gen<Member> Integer(int min, int max) => Gen.Frequency(
        (30, Gen.Int[min, max].Select(RawInt)),
        (4, Gen.OneOf(min, max, min - 1, max + 1, -1, int.MaxValue).Select(RawInt)),
        (1, Verbatim("99999999999", "12.5", "-3.25")),
        (2, Gen.Int[min - 2, max + 2].Select(value => new Member(
            string.Empty,
            value.ToString(CultureInfo.InvariantCulture) + ".0",
            KnownDifference.IntegerWrittenWithFractionOrExponent))),
        (1, Gen.Const(new Member(string.Empty, "1e1", KnownDifference.IntegerWrittenWithFractionOrExponent))),
        (1, Verbatim(WrongTypes)));

    private static Gen<Member> StopSequence() => Gen.Frequency(
        (20, Gen.String[0, 6].Array[0, 3].Select(RawArray)),
        (1, Verbatim("[\"stop\", null]", "[1]", "\"###\"", "{}")));

    private static Gen<Member> Enum(params string[] documented) => Gen.Frequency(
        (20, Gen.OneOf(documented).Select(RawString)),
        (1, Gen.OneOf(documented).Select(value => RawString(value.ToUpperInvariant() + (value.Length == 0 ? "none" : string.Empty)))),
        (1, Gen.OneOf(" ", "p4d.24xlarge", "tensorrt", "int4").Select(RawString)),
        (1, Verbatim("3", "true", "[]")));

    private static Gen<Member> Boolean() => Gen.Frequency(
        (10, Verbatim("true", "false")),
        (1, Verbatim("\"true\"", "1", "0")));

    /// <summary>Mostly present; now and then left out or <c>null</c>, which both sides refuse for a required field.</summary>
    private static Gen<Member> Required(string name, Gen<Member> value) => Gen.Frequency(
        (40, value.Select(member => member with { Name = name })),
        (1, Gen.Const(new Member(name, null))),
        (1, Gen.Const(new Member(name, "null"))));

    private static Gen<Member> Optional(string name, Gen<Member> value) => Gen.Frequency(
        (20, value.Select(member => member with { Name = name })),
        (8, Gen.Const(new Member(name, null))),
        (1, Gen.Const(new Member(name, "null", KnownDifference.NullForOptionalField))));

    /// <summary>Raw JSON values, as written.</summary>
    private static Gen<Member> Verbatim(params string[] raws) => Gen.OneOf(raws).Select(raw => new Member(string.Empty, raw));

    private static Member RawString(string value) => new(string.Empty, JsonSerializer.Serialize(value));

    private static Member RawDouble(double value) => new(string.Empty, JsonSerializer.Serialize(value));

    private static Member RawInt(int value) => new(string.Empty, value.ToString(CultureInfo.InvariantCulture));

    private static Member RawArray(string[] values) => new(string.Empty, JsonSerializer.Serialize(values));

    private static Gen<Member> Or(this Gen<Member> usual, Gen<Member> rare, int rareWeight) => Gen.Frequency((40, usual), (rareWeight, rare));

    private static double? NumberOf(Member member) =>
        member.Raw is { } raw && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>An object of the members present, its differences those of its members.</summary>
    private static Member Assemble(IEnumerable<Member> members)
    {
        var json = new JsonObject();
        var differences = KnownDifference.None;
        foreach (var member in members.Where(member => member.Raw is not null))
        {
            json[member.Name] = JsonNode.Parse(member.Raw!);
            differences |= member.Differences;
        }

        return new Member(string.Empty, json.ToJsonString(), differences);
    }
}
