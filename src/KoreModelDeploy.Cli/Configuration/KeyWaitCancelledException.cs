namespace KoreModelDeploy.Cli.Configuration;

/// <summary>Ctrl+C or SIGTERM came while the tool waited for the API key (a FIFO with no writer, an open stdin); nothing was sent.</summary>
internal sealed class KeyWaitCancelledException : OperationCanceledException
{
    public KeyWaitCancelledException(string source, CancellationToken cancellationToken)
        : base($"cancelled while waiting for the API key from {source}; nothing was sent", cancellationToken)
    {
    }
}
