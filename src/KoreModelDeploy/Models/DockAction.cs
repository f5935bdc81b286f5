using System.ComponentModel;
using System.Text.Json.Serialization;
using KoreModelDeploy.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>
/// What a dock job does (<c>action</c>).
/// </summary>
/// <remarks>
/// The documented values are static members. A value the vendor adds later is still representable
/// (<c>new DockAction("...")</c>) and is round-tripped unchanged, so parsing never fails on it.
/// </remarks>
[JsonConverter(typeof(DockActionConverter))]
public readonly struct DockAction : IEquatable<DockAction>
{
    private const string DeployValue = "DEPLOY";
    private const string UndeployValue = "UNDEPLOY";
    private const string ImportValue = "IMPORT";
    private const string ExportValue = "EXPORT";

    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value as the API writes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public DockAction(string value)
    {
        _value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Deploys a resource. Wire value: <c>"DEPLOY"</c>.</summary>
    public static DockAction Deploy { get; } = new(DeployValue);

    /// <summary>Undeploys a resource. Wire value: <c>"UNDEPLOY"</c>.</summary>
    public static DockAction Undeploy { get; } = new(UndeployValue);

    /// <summary>Imports a resource. Wire value: <c>"IMPORT"</c>.</summary>
    public static DockAction Import { get; } = new(ImportValue);

    /// <summary>Exports a resource. Wire value: <c>"EXPORT"</c>.</summary>
    public static DockAction Export { get; } = new(ExportValue);

    /// <summary>
    /// Whether this is one of the values the vendor documents, spelled exactly as documented: values compare
    /// case-insensitively so answers are read leniently, but the service matches what it is sent exactly.
    /// </summary>
    public bool IsDocumented => StringValue.IsDocumented(_value, Documented);

    /// <summary>Whether no value was given (the default of this type, or JSON <c>null</c>).</summary>
    public bool IsDefault => _value is null;

    private static readonly string[] Documented = [DeployValue, UndeployValue, ImportValue, ExportValue];

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator ==(DockAction left, DockAction right) => left.Equals(right);

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator !=(DockAction left, DockAction right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="DockAction"/>.</summary>
    public static implicit operator DockAction(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(DockAction other) => StringValue.AreEqual(_value, other._value);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is DockAction other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => StringValue.GetHashCode(_value);

    /// <summary>Returns the wire value, or an empty string when no value was given.</summary>
    public override string ToString() => _value ?? string.Empty;

    internal sealed class DockActionConverter() : StringValueConverter<DockAction>(Documented)
    {
        protected override DockAction Create(string value) => new(value);

        protected override string? GetValue(DockAction value) => value._value;
    }
}
