using System.CommandLine;

namespace KoreModelDeploy.Cli.Options;

/// <summary>
/// Where the service is and how the key is found, for the commands that call it. The key is never an option value:
/// every user of the machine could read it in the process list.
/// </summary>
internal sealed class ServiceOptions
{
    public const string HostVariable = "KORE_HOST";
    public const string ApiKeyVariable = "KORE_API_KEY";

    public Option<string> Host { get; } = new("--host")
    {
        Description = $"The platform's base URL, for example https://agent-platform.kore.ai. Default: ${HostVariable}.",
        HelpName = "url",
    };

    public Option<FileInfo> ApiKeyFile { get; } = new("--api-key-file")
    {
        Description = $"Read the API key from this file (a trailing line break is ignored). Default: ${ApiKeyVariable}.",
        HelpName = "path",
    };

    public Option<bool> ApiKeyStdin { get; } = new("--api-key-stdin")
    {
        Description = "Read the API key from stdin (a trailing line break is ignored).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Host);
        command.Options.Add(ApiKeyFile);
        command.Options.Add(ApiKeyStdin);
        command.Validators.Add(result =>
        {
            if (result.GetResult(ApiKeyFile) is { Implicit: false } && result.GetResult(ApiKeyStdin) is { Implicit: false })
            {
                result.AddError("--api-key-file and --api-key-stdin cannot be used together; pick one source for the key.");
            }
        });
    }

    /// <summary>Tells <paramref name="report"/> what its resume command and hints need from this command line.</summary>
    public static void Describe(ServiceSettings settings, Output.CommandReport report)
    {
        report.ResumeArguments = ResumeArguments(settings);
        report.KeySource = settings.ApiKeyFile is { } file ? "--api-key-file " + Output.ShellQuote.Word(file.FullName)
            : settings.ApiKeyStdin ? "--api-key-stdin"
            : ApiKeyVariable;
    }

    /// <summary>
    /// What a command that follows this one's job (<c>kore-deploy wait ID</c>) needs from this command line: the host
    /// and where the key came from, never the key itself; shell-quoted, each with a leading space.
    /// </summary>
    private static string ResumeArguments(ServiceSettings settings)
    {
        var text = new System.Text.StringBuilder();
        if (settings.Host?.Url is { } uri)
        {
            text.Append(" --host ").Append(Output.ShellQuote.Word(Configuration.HostSetting.Display(uri)));
        }

        if (settings.ApiKeyFile is { } file)
        {
            text.Append(" --api-key-file ").Append(Output.ShellQuote.Word(file.FullName));
        }
        else if (settings.ApiKeyStdin)
        {
            text.Append(" --api-key-stdin");
        }

        return text.ToString();
    }

    /// <summary>Reads the options, the host into its type; a command reads them once and passes the settings on.</summary>
    public ServiceSettings Read(ParseResult parseResult) =>
        new(Configuration.HostArgument.Read(parseResult.GetValue(Host)), parseResult.GetValue(ApiKeyFile), parseResult.GetValue(ApiKeyStdin));
}
