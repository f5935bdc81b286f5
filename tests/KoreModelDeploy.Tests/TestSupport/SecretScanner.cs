using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.Reliability.Support;

namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>
/// Flattens an exception into every piece of text a caller could read or log: messages, ToString, every public
/// property (recursively through inner exceptions and statuses), and Data.
/// </summary>
internal static class SecretScanner
{
    public static bool Leaks(Exception? exception, string secret = ReliabilitySetup.ApiKey) =>
        exception is not null && Flatten(exception).Contains(secret, StringComparison.Ordinal);

    public static void ShouldNotContainSecret(this Exception exception, string secret) =>
        Flatten(exception).Should().NotContain(secret);

    public static string Flatten(Exception exception)
    {
        var text = new StringBuilder();
        Append(exception, text, depth: 0);
        return text.ToString();
    }

    private static void Append(object? value, StringBuilder text, int depth)
    {
        if (value is null || depth > 6)
        {
            return;
        }

        switch (value)
        {
            case string s:
                text.AppendLine(s);
                return;
            case JsonElement element:
                text.AppendLine(element.GetRawText());
                return;
            case DockStatus status:
                text.AppendLine(status.ToString());
                foreach (var (name, element) in status.AdditionalProperties)
                {
                    text.Append(name).Append('=').AppendLine(element.GetRawText());
                }

                return;
            case Exception exception:
                text.AppendLine(exception.ToString());
                foreach (DictionaryEntry entry in exception.Data)
                {
                    text.Append(entry.Key).Append('=').AppendLine(entry.Value?.ToString());
                }

                break;
            case IEnumerable sequence:
                foreach (var item in sequence)
                {
                    Append(item, text, depth + 1);
                }

                return;
            case Uri or ValueType:
                text.AppendLine(value.ToString());
                return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name is "TargetSite" or "StackTrace")
            {
                continue;
            }

            object? propertyValue;
            try
            {
                propertyValue = property.GetValue(value);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            Append(propertyValue, text, depth + 1);
        }
    }
}
