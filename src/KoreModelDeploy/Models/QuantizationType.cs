using System.ComponentModel;
using System.Text.Json.Serialization;
using KoreModelDeploy.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>
/// The weight quantization applied to a deployment (<c>optimizationInfo.quantizationType</c>).
/// </summary>
/// <remarks>
/// The documented values are static members. A value the vendor adds later is still representable
/// (<c>new QuantizationType("...")</c>) and is round-tripped unchanged, so parsing never fails on it.
/// </remarks>
[JsonConverter(typeof(QuantizationTypeConverter))]
public readonly struct QuantizationType : IEquatable<QuantizationType>
{
    private const string UnspecifiedValue = "";
    private const string NoQuantizationValue = "no_quantization";
    private const string Int8Float16Value = "int8_float16";

    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value as the API writes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public QuantizationType(string value)
    {
        _value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Not specified. The vendor's samples send an empty string for this. Wire value: <c>""</c>.</summary>
    public static QuantizationType Unspecified { get; } = new(UnspecifiedValue);

    /// <summary>Weights are kept at full precision. Wire value: <c>"no_quantization"</c>.</summary>
    public static QuantizationType NoQuantization { get; } = new(NoQuantizationValue);

    /// <summary>Int8 weights with float16 activations. Wire value: <c>"int8_float16"</c>.</summary>
    public static QuantizationType Int8Float16 { get; } = new(Int8Float16Value);

    /// <summary>
    /// Whether this is one of the values the vendor documents, spelled exactly as documented: values compare
    /// case-insensitively so answers are read leniently, but the service matches what it is sent exactly.
    /// </summary>
    public bool IsDocumented => StringValue.IsDocumented(_value, Documented);

    /// <summary>Whether no value was given (the default of this type, or JSON <c>null</c>).</summary>
    public bool IsDefault => _value is null;

    private static readonly string[] Documented = [UnspecifiedValue, NoQuantizationValue, Int8Float16Value];

    internal static IReadOnlyList<string> DocumentedValues => Documented;

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator ==(QuantizationType left, QuantizationType right) => left.Equals(right);

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator !=(QuantizationType left, QuantizationType right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="QuantizationType"/>.</summary>
    public static implicit operator QuantizationType(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(QuantizationType other) => StringValue.AreEqual(_value, other._value);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is QuantizationType other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => StringValue.GetHashCode(_value);

    /// <summary>Returns the wire value, or an empty string when no value was given.</summary>
    public override string ToString() => _value ?? string.Empty;

    internal sealed class QuantizationTypeConverter() : StringValueConverter<QuantizationType>(Documented)
    {
        protected override QuantizationType Create(string value) => new(value);

        protected override string? GetValue(QuantizationType value) => value._value;
    }
}
