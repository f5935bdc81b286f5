using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace KoreModelDeploy.Serialization;

/// <summary>
/// What a deploy request's JSON must look like, member by member, taken from the serializer's own metadata so the two
/// cannot drift apart: which members an object has and which it requires, and what kind of value each takes.
/// </summary>
internal sealed class RequestShape
{
    private RequestShape(ShapeKind kind, string description, bool nullable)
    {
        Kind = kind;
        Description = description;
        Nullable = nullable;
    }

    /// <summary>The shape of a whole deploy request.</summary>
    public static RequestShape DeployModelRequest { get; } = From(KoreJsonContext.Default.DeployModelRequest.Type, "a deploy request");

    public ShapeKind Kind { get; }

    /// <summary>How a message names what belongs here: "a number", "true or false", "an object (hyperParameters)".</summary>
    public string Description { get; }

    /// <summary>Whether <c>null</c> is accepted (as "not set").</summary>
    public bool Nullable { get; }

    /// <summary>Objects: the members by name, each with whether it is required.</summary>
    public IReadOnlyDictionary<string, (RequestShape Shape, bool Required)> Members { get; private set; } = new Dictionary<string, (RequestShape, bool)>();

    /// <summary>Arrays: the shape of each element.</summary>
    public RequestShape? Element { get; private set; }

    private static RequestShape From(Type type, string name)
    {
        var underlying = System.Nullable.GetUnderlyingType(type);
        var nullable = underlying is not null || !type.IsValueType;
        var actual = underlying ?? type;
        if (actual == typeof(bool))
        {
            return new RequestShape(ShapeKind.Boolean, "true or false", nullable);
        }

        if (actual == typeof(int) || actual == typeof(long))
        {
            return new RequestShape(ShapeKind.Integer, "a whole number", nullable);
        }

        if (actual == typeof(double) || actual == typeof(float) || actual == typeof(decimal))
        {
            return new RequestShape(ShapeKind.Number, "a number", nullable);
        }

        var info = KoreJsonContext.Default.GetTypeInfo(actual);
        switch (info?.Kind)
        {
            case JsonTypeInfoKind.Object:
            {
                var shape = new RequestShape(ShapeKind.Object, "an object (" + name + ")", nullable);
                var members = new Dictionary<string, (RequestShape, bool)>(StringComparer.Ordinal);
                foreach (var property in info.Properties)
                {
                    members[property.Name] = (From(property.PropertyType, property.Name), property.IsRequired);
                }

                shape.Members = members;
                return shape;
            }

            case JsonTypeInfoKind.Enumerable:
                return new RequestShape(ShapeKind.Array, "an array", nullable)
                {
                    Element = info.ElementType is { } element ? From(element, name) : null,
                };

            default:
                // Strings and the string-valued types (deviceType, optimizationType, ...); null reads as "not set".
                return new RequestShape(ShapeKind.String, "text in quotes", nullable: true);
        }
    }
}

/// <summary>The kinds of JSON value a deploy request member takes.</summary>
internal enum ShapeKind
{
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
}
