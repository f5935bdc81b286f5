using System.Net;
using System.Text;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.Reliability.Support;
using RichardSzalay.MockHttp;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Reliability;

/// <summary>
/// Ids come from users, files and other services. Each hostile one is either refused before anything is sent, with an
/// error naming the argument, or percent-escaped so that the request can only reach the endpoint it was meant for.
/// </summary>
public sealed class HostileIdentifierTests
{
    private const string Base = "https://kore.example";

    public static TheoryData<string, string> Ids()
    {
        string[] ids =
        [
            "a/b", "../undeploy", "a/../../x", "a?b=c", "a#frag", "%2F", "a%2Fb", "%2e%2e", "..%2F..", ".", "..", "...",
            "a b", " lead", "trail ", "tab\tid", "nul\0id", "line\nbreak", "del\u007fid", "ünïcødé-模型", "emoji-😀", "a+b;c,d",
            "back\\slash", "%", "~user", string.Empty, "   ", new string('x', 10 * 1024), new string('y', 256), "a\u2028b", "\u00a0nbsp",
        ];
        var data = new TheoryData<string, string>();
        foreach (var id in ids)
        {
            foreach (var operation in new[] { "deploy", "undeploy", "status", "operation" })
            {
                data.Add(operation, id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task A_hostile_id_is_refused_by_name_or_escaped_into_its_own_path_segment(string operation, string id)
    {
        var seen = new List<Uri>();
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(request =>
        {
            seen.Add(request.RequestUri!);
            var body = operation is "deploy" or "undeploy"
                ? """{"dock-statusId":"ds-1","modelId":"cm-1","jobType":"MODELS","action":"DEPLOY","status":"IN_PROGRESS"}"""
                : """{"_id":"ds-1","status":"SUCCESS"}""";
            return Responses.Json(HttpStatusCode.OK, body);
        });
        var client = ReliabilitySetup.Client(mock, new IsolatedClock());
        var field = operation is "deploy" or "undeploy" ? "modelId" : "dockStatusId";

        Func<Task> call = operation switch
        {
            "deploy" => () => client.DeployAsync(id, ModelType.OpenSource, ReliabilitySetup.Request),
            "undeploy" => () => client.UndeployAsync(id),
            "status" => () => client.GetDockStatusAsync(id),
            _ => () => client.GetDockOperation(id).UpdateStatusAsync(),
        };

        Exception? error = null;
        try
        {
            await call();
        }
        catch (KoreValidationException ex)
        {
            error = ex;
            ex.Errors.Should().ContainSingle().Which.Path.Should().Be(field);
            ex.ParamName.Should().Be(field);
            seen.Should().BeEmpty("a refused id is never sent");
        }

        if (MustBeRefused(id))
        {
            error.Should().NotBeNull("'{0}' cannot be made safe by escaping", Printable(id));
            return;
        }

        if (error is not null)
        {
            return;
        }

        var segment = PercentEncode(id);
        var expected = operation switch
        {
            "deploy" => $"{Base}/api/public/models/{segment}/deploy?modelType=openSource",
            "undeploy" => $"{Base}/api/public/models/{segment}/undeploy",
            _ => $"{Base}/api/public/dock-status/{segment}",
        };
        var sent = seen.Should().ContainSingle().Subject;
        sent.AbsoluteUri.Should().Be(expected);
        sent.Fragment.Should().BeEmpty();
        sent.Host.Should().Be("kore.example");
        Uri.UnescapeDataString(sent.AbsolutePath.Split('/')[4]).Should().Be(id, "the service must read back exactly the id given");
    }

    // The documented refusals: nothing to send, dot segments that URL normalization would resolve away, characters a
    // request line cannot carry, and lengths no real id has.
    private static bool MustBeRefused(string id) =>
        string.IsNullOrWhiteSpace(id) || id is "." or ".." || id.Length > 256 || id.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));

    // RFC 3986: unreserved characters stay, every other UTF-8 byte becomes %XX.
    private static string PercentEncode(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static string Printable(string id) => id.Length > 40 ? id[..40] + "…" : id;
}
