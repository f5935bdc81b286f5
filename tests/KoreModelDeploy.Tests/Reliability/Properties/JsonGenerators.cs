using System.Text;
using System.Text.Json;
using CsCheck;
using KoreModelDeploy.Tests.Reliability.Support;

namespace KoreModelDeploy.Tests.Reliability.Properties;

/// <summary>
/// Random JSON documents that look enough like the vendor's answers to reach deep into the client's reading code:
/// the real member names, the real status values, wrong types in their place, the API key as a value and as a name.
/// </summary>
internal static class JsonGenerators
{
    private static readonly string[] Names =
    [
        "_id", "status", "dock-statusId", "dockStatusId", "modelId", "toolId", "guardrail", "jobType", "action",
        "message", "msg", "errors", "code", "error", "reason", "isDeployedPreviously", ReliabilitySetup.ApiKey, "x", "",
    ];

    // Replaced by bytes that are not UTF-8 once the document is encoded: JSON readers accept them inside strings.
    private const string InvalidUtf8Marker = "~not-utf8~";

    private static readonly Gen<string> Text = Gen.Frequency(
        (4, Gen.OneOf("SUCCESS", "FAILED", "IN_PROGRESS", "QUEUED", "MODELS", "DEPLOY", "ds-1", "cm-1", "", "null")),
        (2, Gen.Const(ReliabilitySetup.ApiKey)),
        (1, Gen.Const("key=" + ReliabilitySetup.ApiKey + ";")),
        (1, Gen.Const("quota " + InvalidUtf8Marker)),
        (3, Gen.String[0, 12]));

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (5, Text.Select(t => JsonSerializer.Serialize(t))),
        (1, Gen.OneOf("null", "true", "false", "0", "-1", "1e400", "-0.0", "12345678901234567890", "3.14")),
        (1, Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    public static Gen<string> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency((4, Scalar), (2, Object(depth - 1)), (1, Array(depth - 1)));

    public static Gen<string> Object(int depth) =>
        Gen.Select(Gen.OneOf(Names), Value(depth)).Array[0, 7]
            .Select(members => "{" + string.Join(",", members.Select(m => JsonSerializer.Serialize(m.Item1) + ":" + m.Item2)) + "}");

    public static Gen<string> Array(int depth) =>
        Value(depth).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]");

    /// <summary>A body: mostly an object, sometimes cut short or with a byte flipped, sometimes not JSON at all.</summary>
    public static readonly Gen<byte[]> Body = Gen.Frequency(
        (6, Object(3).Select(Encode)),
        (2, Gen.Select(Object(3), Gen.Double[0, 1]).Select((json, cut) => Encoding.UTF8.GetBytes(json[..(int)(json.Length * cut)]))),
        (1, Gen.Select(Object(2), Gen.Int[0, int.MaxValue], Gen.Byte).Select((json, at, b) => Flip(Encoding.UTF8.GetBytes(json), at, b))),
        (1, Value(2).Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Byte.Array[0, 300]));

    private static byte[] Encode(string json) =>
        Encoding.UTF8.GetBytes(json.Replace(InvalidUtf8Marker, "\u0001", StringComparison.Ordinal))
            .Select(b => b == 0x01 ? (byte)0x8A : b).ToArray();

    private static byte[] Flip(byte[] bytes, int at, byte value)
    {
        if (bytes.Length > 0)
        {
            bytes[at % bytes.Length] = value;
        }

        return bytes;
    }
}
