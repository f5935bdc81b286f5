using System.Text.Json;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>A journal's lines as a test reads them, while the tool may still hold it open.</summary>
internal static class JournalLines
{
    public static IReadOnlyList<JsonElement> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            try
            {
                lines.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
            catch (JsonException)
            {
                // A line being written right now.
            }
        }

        return lines;
    }

    public static int Count(string path, string kind, string? modelId = null) =>
        Read(path).Count(l => l.GetProperty("event").GetString() == kind && (modelId is null || l.GetProperty("modelId").GetString() == modelId));
}
