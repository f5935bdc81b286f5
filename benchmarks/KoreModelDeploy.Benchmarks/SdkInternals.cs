using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Benchmarks;

/// <summary>
/// Reaches the package's internal validator and JSON context without reflection, so the micro-benchmarks time
/// exactly the code the client runs on every call.
/// </summary>
internal static class SdkInternals
{
    private const string Collector = "KoreModelDeploy.Validation.ValidationErrorCollector, KoreModelDeploy";
    private const string Validator = "KoreModelDeploy.Validation.DeployModelRequestValidator, KoreModelDeploy";
    private const string Context = "KoreModelDeploy.Serialization.KoreJsonContext, KoreModelDeploy";

    public static JsonTypeInfo<T> TypeInfo<T>() =>
        (JsonTypeInfo<T>)((JsonSerializerContext)GetDefaultContext(null)).GetTypeInfo(typeof(T))!;

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    [return: UnsafeAccessorType(Collector)]
    public static extern object NewCollector();

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Validate")]
    public static extern void Validate(
        [UnsafeAccessorType(Validator)] object? validator,
        DeployModelRequest? request,
        bool allowUndocumentedValues,
        [UnsafeAccessorType(Collector)] object errors);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_HasErrors")]
    public static extern bool HasErrors([UnsafeAccessorType(Collector)] object errors);

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "get_Default")]
    [return: UnsafeAccessorType(Context)]
    private static extern object GetDefaultContext([UnsafeAccessorType(Context)] object? context);
}
