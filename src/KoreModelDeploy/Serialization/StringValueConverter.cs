using System.Text.Json;
using System.Text.Json.Serialization;

namespace KoreModelDeploy.Serialization;

/// <summary>
/// Reads and writes the string-backed value types (<see cref="Models.DeviceType"/>, <see cref="Models.DockJobStatus"/>, …)
/// as plain JSON strings. Unknown values are kept as they came, so a value the vendor adds later round-trips.
/// </summary>
internal abstract class StringValueConverter<T> : JsonConverter<T>
    where T : struct
{
    // A JSON null must map to "no value" rather than fail, because the vendor sometimes sends null for fields it documents.
    public override bool HandleNull => true;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        return reader.TokenType switch
        {
            JsonTokenType.Null => default,
            JsonTokenType.String => Create(reader.GetString()!),
            _ => throw new JsonException($"Expected a JSON string for {typeof(T).Name} but found {reader.TokenType}."),
        };
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStringValue(GetValue(value));
    }

    protected abstract T Create(string value);

    protected abstract string? GetValue(T value);
}
