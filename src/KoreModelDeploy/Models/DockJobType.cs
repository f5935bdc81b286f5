using System.ComponentModel;
using System.Text.Json.Serialization;
using KoreModelDeploy.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>
/// The kind of resource a dock job acts on (<c>jobType</c>).
/// </summary>
/// <remarks>
/// The documented values are static members. A value the vendor adds later is still representable
/// (<c>new DockJobType("...")</c>) and is round-tripped unchanged, so parsing never fails on it.
/// </remarks>
[JsonConverter(typeof(DockJobTypeConverter))]
public readonly struct DockJobType : IEquatable<DockJobType>
{
    private const string ModelsValue = "MODELS";
    private const string ToolsValue = "TOOLS";
    private const string GuardrailsValue = "GUARDRAILS";

    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value as the API writes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public DockJobType(string value)
    {
        _value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>A model deployment job. Wire value: <c>"MODELS"</c>.</summary>
    public static DockJobType Models { get; } = new(ModelsValue);

    /// <summary>A tool job. Wire value: <c>"TOOLS"</c>.</summary>
    public static DockJobType Tools { get; } = new(ToolsValue);

    /// <summary>A guardrail job. Wire value: <c>"GUARDRAILS"</c>.</summary>
    public static DockJobType Guardrails { get; } = new(GuardrailsValue);

    /// <summary>
    /// Whether this is one of the values the vendor documents, spelled exactly as documented: values compare
    /// case-insensitively so answers are read leniently, but the service matches what it is sent exactly.
    /// </summary>
    public bool IsDocumented => StringValue.IsDocumented(_value, Documented);

    /// <summary>Whether no value was given (the default of this type, or JSON <c>null</c>).</summary>
    public bool IsDefault => _value is null;

    private static readonly string[] Documented = [ModelsValue, ToolsValue, GuardrailsValue];

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator ==(DockJobType left, DockJobType right) => left.Equals(right);

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator !=(DockJobType left, DockJobType right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="DockJobType"/>.</summary>
    public static implicit operator DockJobType(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(DockJobType other) => StringValue.AreEqual(_value, other._value);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is DockJobType other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => StringValue.GetHashCode(_value);

    /// <summary>Returns the wire value, or an empty string when no value was given.</summary>
    public override string ToString() => _value ?? string.Empty;

    internal sealed class DockJobTypeConverter() : StringValueConverter<DockJobType>(Documented)
    {
        protected override DockJobType Create(string value) => new(value);

        protected override string? GetValue(DockJobType value) => value._value;
    }
}
