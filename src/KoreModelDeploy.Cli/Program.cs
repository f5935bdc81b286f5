namespace KoreModelDeploy.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        _ = args;
        return ExitCodes.Usage;
    }
}
