namespace KoreModelDeploy.Errors;

/// <summary>
/// What an error answer's body said, read by <see cref="ErrorAnswerParser"/>: the vendor's message and code when the
/// body was an error document, otherwise the body as text. Every piece is already scrubbed of the API key and bounded.
/// </summary>
/// <param name="Code">The vendor's error code, as text.</param>
/// <param name="ServiceMessage">The vendor's messages, joined by "; ".</param>
/// <param name="Body">The body as text, cut to <see cref="ErrorAnswerParser.MaxBodyCharacters"/>, when it carried no message (plain text, a gateway's HTML page, an error document without messages).</param>
internal readonly record struct ErrorAnswer(string? Code, string? ServiceMessage, string? Body)
{
    public static ErrorAnswer None => default;
}
