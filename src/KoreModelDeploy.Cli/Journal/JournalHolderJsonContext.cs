using System.Text.Json.Serialization;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// A <see cref="JournalHolder"/> as the file journal's lock file holds it, generated at compile time so the native
/// build needs no reflection. Read back as outside text: a member missing or <c>null</c> where the record has none is
/// an error, not a holder with holes. Every member is written, <c>runUrl</c> as <c>null</c> outside CI, since each is
/// required when read.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(JournalHolder))]
internal sealed partial class JournalHolderJsonContext : JsonSerializerContext;
