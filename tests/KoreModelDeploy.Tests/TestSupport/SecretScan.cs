using System.Collections;
using System.Reflection;

namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>Collects every piece of text an exception exposes, to prove a secret is in none of them.</summary>
public static class SecretScan
{
    public static IReadOnlyList<string> TextOf(Exception exception)
    {
        var texts = new List<string> { exception.ToString() };
        for (var e = exception; e is not null; e = e.InnerException)
        {
            texts.Add(e.Message);
            foreach (var property in e.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0 || property.Name is nameof(Exception.TargetSite))
                {
                    continue;
                }

                var value = property.GetValue(e);
                switch (value)
                {
                    case null:
                        break;
                    case string s:
                        texts.Add(s);
                        break;
                    case IDictionary dictionary:
                        foreach (DictionaryEntry entry in dictionary)
                        {
                            texts.Add(entry.Key + "=" + entry.Value);
                        }

                        break;
                    default:
                        texts.Add(value.ToString() ?? string.Empty);
                        break;
                }
            }
        }

        return texts;
    }

    public static void ShouldNotContainSecret(this Exception exception, string secret) =>
        TextOf(exception).Should().NotContain(t => t.Contains(secret, StringComparison.Ordinal));
}
