using System.Globalization;
using System.Text;

namespace KoreModelDeploy.Benchmarks;

/// <summary>
/// Runs every variant once with the handler recording what it receives, and refuses to benchmark variants that
/// send something different from the first one: a faster client that sends less would make the comparison meaningless.
/// </summary>
public static class SameRequestsCheck
{
    private static readonly string[] ComparedHeaders = ["x-api-key", "Accept", "Content-Type"];

    public static void Run(CannedResponseHandler handler, IReadOnlyDictionary<string, Func<Task<string>>> variants)
    {
        string? reference = null;
        string? referenceName = null;
        foreach (var (name, run) in variants)
        {
            var seen = new StringBuilder();
            handler.RestartIds();
            handler.Inspector = (request, body) => Describe(seen, request, body);
            string status;
            try
            {
                status = run().GetAwaiter().GetResult();
            }
            finally
            {
                handler.Inspector = null;
            }

            if (status != "SUCCESS")
            {
                throw new InvalidOperationException($"{name} read the status as '{status}', expected SUCCESS.");
            }

            var description = seen.ToString();
            if (reference is null)
            {
                (reference, referenceName) = (description, name);
                Console.WriteLine("// Every variant must send:\n" + description);
            }
            else if (!string.Equals(reference, description, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{name} sends something other than {referenceName}.\n{referenceName}:\n{reference}\n{name}:\n{description}");
            }
        }
    }

    private static void Describe(StringBuilder into, HttpRequestMessage request, byte[] body)
    {
        into.Append(CultureInfo.InvariantCulture, $"{request.Method} {request.RequestUri}\n");
        foreach (var header in ComparedHeaders)
        {
            var values = request.Headers.TryGetValues(header, out var v) ? v
                : request.Content?.Headers.TryGetValues(header, out var cv) == true ? cv
                : [];
            var joined = string.Join(" | ", values);
            // Media type parameters are case-insensitive (RFC 9110 8.3.1): charset=UTF-8 and charset=utf-8 are the same header.
            into.Append(CultureInfo.InvariantCulture, $"  {header}: {(header == "Content-Type" ? joined.ToLowerInvariant() : joined)}\n");
        }

        into.Append(CultureInfo.InvariantCulture, $"  body: {Encoding.UTF8.GetString(body)}\n");
    }
}
