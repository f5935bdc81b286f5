using System.ComponentModel;
using System.Text.Json.Serialization;
using KoreModelDeploy.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>
/// The kind of model a deployment acts on; sent as the <c>modelType</c> query parameter.
/// </summary>
/// <remarks>
/// The documented values are static members. A value the vendor adds later is still representable
/// (<c>new ModelType("...")</c>) and is round-tripped unchanged, so parsing never fails on it.
/// </remarks>
[JsonConverter(typeof(ModelTypeConverter))]
public readonly struct ModelType : IEquatable<ModelType>
{
    private const string OpenSourceValue = "openSource";
    private const string FineTuneValue = "fineTune";

    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value as the API writes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public ModelType(string value)
    {
        _value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>An open-source model imported into the platform. Wire value: <c>"openSource"</c>.</summary>
    public static ModelType OpenSource { get; } = new(OpenSourceValue);

    /// <summary>A model fine-tuned on the platform. Wire value: <c>"fineTune"</c>.</summary>
    public static ModelType FineTune { get; } = new(FineTuneValue);

    /// <summary>
    /// Whether this is one of the values the vendor documents, spelled exactly as documented: values compare
    /// case-insensitively so answers are read leniently, but the service matches what it is sent exactly.
    /// </summary>
    public bool IsDocumented => StringValue.IsDocumented(_value, Documented);

    /// <summary>Whether no value was given (the default of this type, or JSON <c>null</c>).</summary>
    public bool IsDefault => _value is null;

    private static readonly string[] Documented = [OpenSourceValue, FineTuneValue];

    internal static IReadOnlyList<string> DocumentedValues => Documented;

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator ==(ModelType left, ModelType right) => left.Equals(right);

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator !=(ModelType left, ModelType right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="ModelType"/>.</summary>
    public static implicit operator ModelType(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(ModelType other) => StringValue.AreEqual(_value, other._value);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is ModelType other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => StringValue.GetHashCode(_value);

    /// <summary>Returns the wire value, or an empty string when no value was given.</summary>
    public override string ToString() => _value ?? string.Empty;

    internal sealed class ModelTypeConverter() : StringValueConverter<ModelType>(Documented)
    {
        protected override ModelType Create(string value) => new(value);

        protected override string? GetValue(ModelType value) => value._value;
    }
}
