namespace KoreModelDeploy.Cli.Hosting;

/// <summary>Ctrl+C or SIGTERM came while the tool waited for input (a FIFO with no writer, an open stdin); nothing was sent.</summary>
internal sealed class InputWaitCancelledException : OperationCanceledException
{
    public InputWaitCancelledException(string what, CancellationToken cancellationToken)
        : base($"cancelled while waiting for {what}; nothing was sent", cancellationToken)
    {
    }
}
