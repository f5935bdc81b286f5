using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KoreModelDeploy.Serialization;

/// <summary>
/// Reads and writes the string-backed value types (<see cref="Models.DeviceType"/>, <see cref="Models.DockJobStatus"/>, …)
/// as plain JSON strings. Unknown values are kept as they came, so a value the vendor adds later round-trips.
/// </summary>
/// <remarks>
/// A documented value is read as the documented string itself, compared as UTF-8 where it lies in the answer: every
/// status answer carries three of them, so none is decoded or allocated, and <c>IsDocumented</c> recognises it by
/// reference.
/// </remarks>
/// <param name="documented">The values the vendor documents, spelled exactly as documented.</param>
internal abstract class StringValueConverter<T>(string[] documented) : JsonConverter<T>
    where T : struct
{
    private readonly byte[][] _documentedUtf8 = Array.ConvertAll(documented, Encoding.UTF8.GetBytes);

    // A JSON null must map to "no value" rather than fail, because the vendor sometimes sends null for fields it documents.
    public override bool HandleNull => true;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        return reader.TokenType switch
        {
            JsonTokenType.Null => default,
            JsonTokenType.String => Create(Documented(ref reader) ?? reader.GetString()!),
            _ => throw new JsonException($"Expected a JSON string for {typeof(T).Name} but found {reader.TokenType}."),
        };
    }

    private string? Documented(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < _documentedUtf8.Length; i++)
        {
            if (reader.ValueTextEquals(_documentedUtf8[i]))
            {
                return documented[i];
            }
        }

        return null;
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStringValue(GetValue(value));
    }

    protected abstract T Create(string value);

    protected abstract string? GetValue(T value);
}
