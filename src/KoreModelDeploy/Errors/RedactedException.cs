namespace KoreModelDeploy.Errors;

/// <summary>
/// Stands in for an exception whose message held the API key: the original's type name and its message with the key
/// scrubbed, so nothing that keeps the exception keeps the key.
/// </summary>
internal sealed class RedactedException : Exception
{
    public RedactedException(string originalType, string scrubbedMessage, Exception? innerException)
        : base(originalType + ": " + scrubbedMessage, innerException)
    {
        OriginalType = originalType;
    }

    /// <summary>The full name of the exception type this one replaces.</summary>
    public string OriginalType { get; }
}
