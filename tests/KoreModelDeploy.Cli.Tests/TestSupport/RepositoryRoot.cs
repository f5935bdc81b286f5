namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>The repository's root folder (where KoreModelDeploy.sln is), for tests that read README or the samples.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "KoreModelDeploy.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("the repository root (KoreModelDeploy.sln) was not found above " + AppContext.BaseDirectory);
    }
}
