using System.Text;

namespace KoreModelDeploy.Tests.TestSupport.Hostile;

/// <summary>What <see cref="HostileServer"/> writes back: exact bytes, or nothing before it drops the connection.</summary>
public sealed class HostileReply
{
    private HostileReply(byte[]? bytes)
    {
        Bytes = bytes;
    }

    /// <summary>The bytes written; null to drop the connection without answering.</summary>
    public byte[]? Bytes { get; }

    /// <summary>Closes the connection after reading the request, without a byte of answer.</summary>
    public static HostileReply Drop { get; } = new(null);

    /// <summary>Exactly these bytes, as Latin-1 text: malformed header lines, wrong lengths, anything.</summary>
    public static HostileReply Raw(string text) => new(Encoding.Latin1.GetBytes(text));

    /// <summary>
    /// A well-formed answer: the status line, the given header lines (written as given, so a line without a colon stays
    /// malformed), a correct <c>Content-Length</c> and <c>Connection: close</c>.
    /// </summary>
    public static HostileReply Answer(int status, string body = "", params string[] headerLines) =>
        Answer(status, Encoding.UTF8.GetBytes(body), headerLines);

    public static HostileReply Answer(int status, byte[] body, params string[] headerLines)
    {
        var head = new StringBuilder().Append("HTTP/1.1 ").Append(status).Append(" Status\r\n");
        foreach (var line in headerLines)
        {
            head.Append(line).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(body.Length).Append("\r\nConnection: close\r\n\r\n");
        var headBytes = Encoding.Latin1.GetBytes(head.ToString());
        return new([.. headBytes, .. body]);
    }

    /// <summary>A JSON answer.</summary>
    public static HostileReply Json(int status, string json, params string[] headerLines) =>
        Answer(status, json, ["Content-Type: application/json", .. headerLines]);

    /// <summary>A redirect to <paramref name="location"/>, with a body and a request id that both carry <paramref name="echo"/>.</summary>
    public static HostileReply Redirect(int status, string location, string echo = "") =>
        Answer(status, $"<html>Moved for {echo}</html>", "Location: " + location, "Content-Type: text/html", "x-request-id: req-" + echo);
}
