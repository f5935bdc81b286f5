using System.ComponentModel;
using System.Text.Json.Serialization;
using KoreModelDeploy.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>
/// The inference optimization applied to a deployment (<c>optimizationInfo.optimizationType</c>).
/// </summary>
/// <remarks>
/// The documented values are static members. A value the vendor adds later is still representable
/// (<c>new OptimizationType("...")</c>) and is round-tripped unchanged, so parsing never fails on it.
/// </remarks>
[JsonConverter(typeof(OptimizationTypeConverter))]
public readonly struct OptimizationType : IEquatable<OptimizationType>
{
    private const string UnspecifiedValue = "";
    private const string CTranslate2Value = "ctranslate2";
    private const string VllmValue = "vllm";

    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value as the API writes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public OptimizationType(string value)
    {
        _value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>No optimization. The vendor's samples send an empty string for this. Wire value: <c>""</c>.</summary>
    public static OptimizationType Unspecified { get; } = new(UnspecifiedValue);

    /// <summary>CTranslate2 inference engine. Wire value: <c>"ctranslate2"</c>.</summary>
    public static OptimizationType CTranslate2 { get; } = new(CTranslate2Value);

    /// <summary>vLLM inference engine. Wire value: <c>"vllm"</c>.</summary>
    public static OptimizationType Vllm { get; } = new(VllmValue);

    /// <summary>
    /// Whether this is one of the values the vendor documents, spelled exactly as documented: values compare
    /// case-insensitively so answers are read leniently, but the service matches what it is sent exactly.
    /// </summary>
    public bool IsDocumented => StringValue.IsDocumented(_value, Documented);

    /// <summary>Whether no value was given (the default of this type, or JSON <c>null</c>).</summary>
    public bool IsDefault => _value is null;

    private static readonly string[] Documented = [UnspecifiedValue, CTranslate2Value, VllmValue];

    internal static IReadOnlyList<string> DocumentedValues => Documented;

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator ==(OptimizationType left, OptimizationType right) => left.Equals(right);

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator !=(OptimizationType left, OptimizationType right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="OptimizationType"/>.</summary>
    public static implicit operator OptimizationType(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(OptimizationType other) => StringValue.AreEqual(_value, other._value);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is OptimizationType other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => StringValue.GetHashCode(_value);

    /// <summary>Returns the wire value, or an empty string when no value was given.</summary>
    public override string ToString() => _value ?? string.Empty;

    internal sealed class OptimizationTypeConverter() : StringValueConverter<OptimizationType>(Documented)
    {
        protected override OptimizationType Create(string value) => new(value);

        protected override string? GetValue(OptimizationType value) => value._value;
    }
}
