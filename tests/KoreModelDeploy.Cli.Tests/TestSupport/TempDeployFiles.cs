namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>Deploy files written to a temporary folder, removed with it.</summary>
internal sealed class TempDeployFiles : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kore-deploy-tests-").FullName;

    /// <summary>The vendor's open-source sample, misspelled flag included.</summary>
    public string Valid => Write("valid.json", VendorSampleJson.OpenSourceRequest);

    public string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public string PathOf(string name) => Path.Combine(_folder, name);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
