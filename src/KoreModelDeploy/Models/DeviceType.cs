using System.ComponentModel;
using System.Text.Json.Serialization;
using KoreModelDeploy.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>
/// The GPU instance type a model is deployed on (<c>deviceType</c>).
/// </summary>
/// <remarks>
/// The documented values are static members. A value the vendor adds later is still representable
/// (<c>new DeviceType("...")</c>) and is round-tripped unchanged, so parsing never fails on it.
/// </remarks>
[JsonConverter(typeof(DeviceTypeConverter))]
public readonly struct DeviceType : IEquatable<DeviceType>
{
    private const string G4dnXLargeValue = "g4dn.xlarge";
    private const string G5XLargeValue = "g5.xlarge";
    private const string G52XLargeValue = "g5.2xlarge";
    private const string G6eXLargeValue = "g6e.xlarge";
    private const string G4dn12XLargeValue = "g4dn.12xlarge";
    private const string G512XLargeValue = "g5.12xlarge";
    private const string G548XLargeValue = "g5.48xlarge";
    private const string G4dnMetalValue = "g4dn.metal";

    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value as the API writes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public DeviceType(string value)
    {
        _value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>AWS <c>g4dn.xlarge</c>: one NVIDIA T4. Wire value: <c>"g4dn.xlarge"</c>.</summary>
    public static DeviceType G4dnXLarge { get; } = new(G4dnXLargeValue);

    /// <summary>AWS <c>g5.xlarge</c>: one NVIDIA A10G. Wire value: <c>"g5.xlarge"</c>.</summary>
    public static DeviceType G5XLarge { get; } = new(G5XLargeValue);

    /// <summary>AWS <c>g5.2xlarge</c>: one NVIDIA A10G with more CPU and memory. Wire value: <c>"g5.2xlarge"</c>.</summary>
    public static DeviceType G52XLarge { get; } = new(G52XLargeValue);

    /// <summary>AWS <c>g6e.xlarge</c>: one NVIDIA L40S. Wire value: <c>"g6e.xlarge"</c>.</summary>
    public static DeviceType G6eXLarge { get; } = new(G6eXLargeValue);

    /// <summary>AWS <c>g4dn.12xlarge</c>: four NVIDIA T4. Wire value: <c>"g4dn.12xlarge"</c>.</summary>
    public static DeviceType G4dn12XLarge { get; } = new(G4dn12XLargeValue);

    /// <summary>AWS <c>g5.12xlarge</c>: four NVIDIA A10G. Wire value: <c>"g5.12xlarge"</c>.</summary>
    public static DeviceType G512XLarge { get; } = new(G512XLargeValue);

    /// <summary>AWS <c>g5.48xlarge</c>: eight NVIDIA A10G. Wire value: <c>"g5.48xlarge"</c>.</summary>
    public static DeviceType G548XLarge { get; } = new(G548XLargeValue);

    /// <summary>AWS <c>g4dn.metal</c>: eight NVIDIA T4, bare metal. Wire value: <c>"g4dn.metal"</c>.</summary>
    public static DeviceType G4dnMetal { get; } = new(G4dnMetalValue);

    /// <summary>
    /// Whether this is one of the values the vendor documents, spelled exactly as documented: values compare
    /// case-insensitively so answers are read leniently, but the service matches what it is sent exactly.
    /// </summary>
    public bool IsDocumented => StringValue.IsDocumented(_value, Documented);

    /// <summary>Whether no value was given (the default of this type, or JSON <c>null</c>).</summary>
    public bool IsDefault => _value is null;

    private static readonly string[] Documented = [G4dnXLargeValue, G5XLargeValue, G52XLargeValue, G6eXLargeValue, G4dn12XLargeValue, G512XLargeValue, G548XLargeValue, G4dnMetalValue];

    internal static IReadOnlyList<string> DocumentedValues => Documented;

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator ==(DeviceType left, DeviceType right) => left.Equals(right);

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator !=(DeviceType left, DeviceType right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="DeviceType"/>.</summary>
    public static implicit operator DeviceType(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(DeviceType other) => StringValue.AreEqual(_value, other._value);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is DeviceType other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => StringValue.GetHashCode(_value);

    /// <summary>Returns the wire value, or an empty string when no value was given.</summary>
    public override string ToString() => _value ?? string.Empty;

    internal sealed class DeviceTypeConverter() : StringValueConverter<DeviceType>(Documented)
    {
        protected override DeviceType Create(string value) => new(value);

        protected override string? GetValue(DeviceType value) => value._value;
    }
}
