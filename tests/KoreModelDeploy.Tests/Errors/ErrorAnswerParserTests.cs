using System.Text;
using KoreModelDeploy.Errors;
using KoreModelDeploy.Transport;

namespace KoreModelDeploy.Tests.Errors;

/// <summary>The one reader of error bodies: each shape the vendor or a gateway sends, scrubbed before anything is kept.</summary>
public sealed class ErrorAnswerParserTests
{
    private const string Key = "kg-PARSER-3e9d1c7a-SECRET";
    private static readonly KeyRedactor Redactor = new(Key);

    [Fact]
    public void The_vendors_error_document_gives_every_message_and_the_first_code()
    {
        var answer = Parse("""{"errors":[{"msg":"name is required","code":400},{"msg":"topK out of range","code":"E2"},null]}""");

        answer.Should().Be(new ErrorAnswer("400", "name is required; topK out of range", null));
    }

    [Fact]
    public void A_gateways_message_document_gives_its_message()
    {
        Parse("""{"message":"Too many requests"}""").Should().Be(new ErrorAnswer(null, "Too many requests", null));
    }

    [Theory]
    [InlineData("upstream connect error", "upstream connect error")]
    [InlineData("<html><body><h1>502 Bad Gateway</h1></body></html>", "<html><body><h1>502 Bad Gateway</h1></body></html>")]
    [InlineData("""{"errors":[]}""", """{"errors":[]}""")]
    [InlineData("""{"errors":[{"msg":"cut""", """{"errors":[{"msg":"cut""")]
    public void Plain_text_html_and_documents_without_a_message_are_kept_as_the_body(string body, string expected)
    {
        Parse(body).Should().Be(new ErrorAnswer(null, null, expected));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n\t ")]
    public void An_empty_or_blank_body_says_nothing(string body)
    {
        Parse(body).Should().Be(ErrorAnswer.None);
    }

    [Fact]
    public void A_long_body_is_scrubbed_then_cut()
    {
        var body = new string('x', ErrorAnswerParser.MaxBodyCharacters - 5) + Key + new string('y', 100);

        var kept = Parse(body).Body!;

        kept.Should().HaveLength(ErrorAnswerParser.MaxBodyCharacters + 1).And.EndWith("…");
        kept.Should().Contain("xxxxx[REDA").And.NotContain(Key[..5]);
    }

    [Fact]
    public void A_key_in_a_message_is_scrubbed_even_when_the_service_escaped_it()
    {
        var escaped = string.Concat(Key.Select(c => $"\\u{(int)c:x4}"));

        var answer = Parse($$"""{"errors":[{"msg":"bad key {{escaped}}","code":"{{Key}}"}]}""");

        answer.ServiceMessage.Should().Be("bad key [REDACTED]");
        answer.Code.Should().Be("[REDACTED]");
    }

    [Fact]
    public void A_key_cut_by_the_64_KB_read_counts_as_the_key_when_8_or_more_characters_of_it_remain()
    {
        // What ResponseBodyReader keeps of a longer body: its first 64 KB, ending with the key's first 12 characters.
        var cut = Encoding.UTF8.GetBytes(new string('x', ResponseBodyReader.MaxErrorBodyBytes - 12) + Key[..12]);

        Redactor.Redact(cut, wasCut: true).Should().EndWith(Encoding.UTF8.GetBytes("xx[REDACTED]"));
        Redactor.Redact(cut, wasCut: false).Should().BeSameAs(cut, "a body that was not cut ends where the service ended it");
    }

    [Fact]
    public void Fewer_than_8_characters_of_the_key_at_the_cut_are_left_as_text()
    {
        var cut = Encoding.UTF8.GetBytes("status: " + Key[..7]);

        Redactor.Redact(cut, wasCut: true).Should().Equal(cut);
    }

    [Fact]
    public void The_parser_treats_a_body_of_the_read_limit_as_cut()
    {
        var body = Encoding.UTF8.GetBytes(new string('x', ResponseBodyReader.MaxErrorBodyBytes - 20) + Key[..20]);

        var answer = ErrorAnswerParser.Parse(body, Redactor);

        // The kept body is the first 4,096 characters; the scrubbed tail is checked on the bytes the parser read.
        answer.Body.Should().NotContain(Key[..8]);
        Encoding.UTF8.GetString(Redactor.Redact(body, wasCut: true)).Should().EndWith("x[REDACTED]");
    }

    private static ErrorAnswer Parse(string body) => ErrorAnswerParser.Parse(Encoding.UTF8.GetBytes(body), Redactor);
}
