using System.Net;
using KoreModelDeploy.Errors;

namespace KoreModelDeploy.Tests.Errors;

/// <summary>
/// Exceptions that came from outside the package and quote the key are replaced by scrubbed copies that keep what
/// callers inspect; exceptions without the key are kept as they are.
/// </summary>
public sealed class ExceptionScrubberTests
{
    private const string Key = "kg-SCRUB-77a1c0e4-SECRET";
    private static readonly KeyRedactor Redactor = new(Key);

    [Fact]
    public void An_exception_without_the_key_is_kept()
    {
        var clean = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new IOException("io"));

        ExceptionScrubber.Scrub(clean, Redactor).Should().BeSameAs(clean);
    }

    [Fact]
    public void An_http_request_exception_keeps_its_error_status_and_type()
    {
        var original = new HttpRequestException(HttpRequestError.InvalidResponse, $"Received an invalid header line: 'X-Echo {Key}'.", null, HttpStatusCode.BadGateway);

        var copy = ExceptionScrubber.Scrub(original, Redactor).Should().BeOfType<HttpRequestException>().Subject;

        copy.Message.Should().Be("Received an invalid header line: 'X-Echo [REDACTED]'.");
        copy.HttpRequestError.Should().Be(HttpRequestError.InvalidResponse);
        copy.StatusCode.Should().Be(HttpStatusCode.BadGateway);
    }

    [Fact]
    public void Io_exceptions_are_recreated_with_their_type()
    {
        ExceptionScrubber.Scrub(new HttpIOException(HttpRequestError.ResponseEnded, "ended near " + Key), Redactor)
            .Should().BeOfType<HttpIOException>().Which.HttpRequestError.Should().Be(HttpRequestError.ResponseEnded);
        ExceptionScrubber.Scrub(new IOException("chunk " + Key), Redactor)
            .Should().BeOfType<IOException>().Which.Message.Should().Be("chunk [REDACTED]");
    }

    [Fact]
    public void Any_other_exception_is_wrapped_naming_its_type_without_keeping_it()
    {
        var copy = ExceptionScrubber.Scrub(new InvalidOperationException("handler saw " + Key), Redactor);

        copy.Should().BeOfType<RedactedException>().Which.OriginalType.Should().Be("System.InvalidOperationException");
        copy.Message.Should().Be("System.InvalidOperationException: handler saw [REDACTED]");
        copy.InnerException.Should().BeNull();
    }

    [Fact]
    public void A_clean_outer_exception_holding_a_dirty_inner_one_is_replaced_down_the_chain()
    {
        var original = new HttpRequestException(HttpRequestError.InvalidResponse, "The response was invalid.", new IOException("line " + Key, new SocketLikeException("deep " + Key)));

        var copy = ExceptionScrubber.Scrub(original, Redactor);

        copy.Should().BeOfType<HttpRequestException>().Which.HttpRequestError.Should().Be(HttpRequestError.InvalidResponse);
        copy.ToString().Should().NotContain(Key).And.Contain("line [REDACTED]").And.Contain("deep [REDACTED]");
        copy.InnerException.Should().BeOfType<IOException>().Which.InnerException.Should().BeOfType<RedactedException>();
    }

    [Fact]
    public void A_thrown_exception_keeps_its_stack_trace_in_the_copy()
    {
        Exception thrown;
        try
        {
            throw new IOException("at " + Key);
        }
        catch (IOException ex)
        {
            thrown = ex;
        }

        ExceptionScrubber.Scrub(thrown, Redactor).StackTrace.Should().Contain(nameof(A_thrown_exception_keeps_its_stack_trace_in_the_copy));
    }

    private sealed class SocketLikeException(string message) : Exception(message);
}
