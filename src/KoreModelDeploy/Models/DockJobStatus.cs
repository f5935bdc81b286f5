using System.ComponentModel;
using System.Text.Json.Serialization;
using KoreModelDeploy.Serialization;

namespace KoreModelDeploy.Models;

/// <summary>
/// The state of a dock job as reported by Get Dock Status (<c>status</c>). Values compare case-insensitively.
/// </summary>
/// <remarks>
/// The documented values are static members. A value the vendor adds later is still representable
/// (<c>new DockJobStatus("...")</c>) and is round-tripped unchanged, so parsing never fails on it.
/// </remarks>
[JsonConverter(typeof(DockJobStatusConverter))]
public readonly struct DockJobStatus : IEquatable<DockJobStatus>
{
    private const string InProgressValue = "IN_PROGRESS";
    private const string SuccessValue = "SUCCESS";
    private const string FailedValue = "FAILED";

    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value as the API writes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public DockJobStatus(string value)
    {
        _value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The job is still running. Wire value: <c>"IN_PROGRESS"</c>.</summary>
    public static DockJobStatus InProgress { get; } = new(InProgressValue);

    /// <summary>The job finished successfully. Terminal. Wire value: <c>"SUCCESS"</c>.</summary>
    public static DockJobStatus Success { get; } = new(SuccessValue);

    /// <summary>The job failed. Terminal. Wire value: <c>"FAILED"</c>.</summary>
    public static DockJobStatus Failed { get; } = new(FailedValue);

    /// <summary>
    /// Whether this is one of the values the vendor documents, spelled exactly as documented: values compare
    /// case-insensitively so answers are read leniently, but the service matches what it is sent exactly.
    /// </summary>
    public bool IsDocumented => StringValue.IsDocumented(_value, Documented);

    /// <summary>Whether no value was given (the default of this type, or JSON <c>null</c>).</summary>
    public bool IsDefault => _value is null;

    /// <summary>
    /// Whether the job has ended: <see cref="Success"/> or <see cref="Failed"/>. Any other value, including
    /// one this version of the package does not know (such as <c>QUEUED</c>), means the job is still running.
    /// </summary>
    public bool IsTerminal => Equals(Success) || Equals(Failed);

    private static readonly string[] Documented = [InProgressValue, SuccessValue, FailedValue];

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator ==(DockJobStatus left, DockJobStatus right) => left.Equals(right);

    /// <summary>Compares two values case-insensitively.</summary>
    public static bool operator !=(DockJobStatus left, DockJobStatus right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="DockJobStatus"/>.</summary>
    public static implicit operator DockJobStatus(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(DockJobStatus other) => StringValue.AreEqual(_value, other._value);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is DockJobStatus other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => StringValue.GetHashCode(_value);

    /// <summary>Returns the wire value, or an empty string when no value was given.</summary>
    public override string ToString() => _value ?? string.Empty;

    internal sealed class DockJobStatusConverter() : StringValueConverter<DockJobStatus>(Documented)
    {
        protected override DockJobStatus Create(string value) => new(value);

        protected override string? GetValue(DockJobStatus value) => value._value;
    }
}
