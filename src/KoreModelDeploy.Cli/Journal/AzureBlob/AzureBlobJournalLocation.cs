using Azure.Storage.Blobs;
using KoreModelDeploy.Cli.Configuration;

namespace KoreModelDeploy.Cli.Journal.AzureBlob;

/// <summary>
/// <c>--journal azblob://CONTAINER/PATH</c>: a container of an Azure Storage account and a folder in it, under which
/// each environment's journal is kept. The account, and its credential, come only from
/// <c>AZURE_STORAGE_CONNECTION_STRING</c>: a URI holding a SAS token, an account key, user information or any query is
/// refused, since command lines end up in process lists and CI logs. The connection string is never shown.
/// </summary>
internal sealed class AzureBlobJournalLocation
{
    /// <summary>The variable that holds the storage account's connection string, credential included.</summary>
    public const string ConnectionVariable = "AZURE_STORAGE_CONNECTION_STRING";

    private const string Scheme = "azblob://";
    private const string Shape = "azblob://CONTAINER/PATH";
    private const string CredentialPath = "the account and its key or SAS token belong in " + ConnectionVariable;

    /// <summary>The longest folder accepted: Azure takes blob names of 1,024 characters, and the environment and segment follow it.</summary>
    private const int MaxPathLength = 900;

    private readonly string? _connectionString;

    private AzureBlobJournalLocation(string container, string path, string? connectionString)
    {
        Container = container;
        Path = path;
        _connectionString = connectionString;
    }

    /// <summary>The container's name.</summary>
    public string Container { get; }

    /// <summary>The folder in the container, without slashes at either end; empty for the container's root.</summary>
    public string Path { get; }

    /// <summary>The location as messages name it: <c>azblob://CONTAINER/PATH</c>, never with a credential.</summary>
    public string Display => Path.Length == 0 ? Scheme + Container : $"{Scheme}{Container}/{Path}";

    /// <summary>Whether <paramref name="text"/> names an Azure Blob Storage journal rather than a file.</summary>
    public static bool IsUri(string text) => text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads an <c>azblob://</c> URI; the account's connection string is read from <paramref name="variables"/>, and needed only once the journal is used.</summary>
    /// <param name="text">The URI, from <c>--journal</c> or the manifest's environment.</param>
    /// <param name="variables">Reads the environment.</param>
    /// <exception cref="CliConfigurationException">The URI is not one, holds a credential or a query, or names a container Azure does not allow. The text is never repeated.</exception>
    public static AzureBlobJournalLocation Parse(string text, Func<string, string?> variables)
    {
        if (!IsUri(text))
        {
            throw Invalid("does not start with azblob://");
        }

        var rest = text[Scheme.Length..];
        if (rest.Contains("sig=", StringComparison.OrdinalIgnoreCase) || rest.Contains("sv=", StringComparison.OrdinalIgnoreCase))
        {
            throw Credential("a SAS token");
        }

        if (rest.Contains("accountkey", StringComparison.OrdinalIgnoreCase) || rest.Contains("sharedaccesssignature", StringComparison.OrdinalIgnoreCase))
        {
            throw Credential("an account key");
        }

        if (rest.IndexOfAny(['?', '#']) >= 0)
        {
            throw new CliConfigurationException(
                $"--journal: an Azure Blob journal's URI takes no query or fragment (a query is where a SAS token would go); {CredentialPath}. Name it as {Shape}. The URI is not repeated here.");
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var container = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? string.Empty : rest[(slash + 1)..].Trim('/');
        if (container.Contains('@', StringComparison.Ordinal) || container.Contains(':', StringComparison.Ordinal))
        {
            throw Credential("user information (…@)");
        }

        if (container.Length == 0)
        {
            throw Invalid("names no container (azblob://CONTAINER/…)");
        }

        if (ContainerProblem(container) is { } problem)
        {
            throw Invalid($"names a container Azure does not allow: {problem}");
        }

        if (path.Length > MaxPathLength)
        {
            throw Invalid($"has a path longer than {MaxPathLength} characters");
        }

        if (path.Split('/').Any(part => part.Length == 0 || part is "." or "..") && path.Length > 0)
        {
            throw Invalid("has an empty, '.' or '..' folder in its path");
        }

        if (path.Any(c => char.IsControl(c) || c == '\\'))
        {
            throw Invalid("has a control character or a backslash in its path");
        }

        return new AzureBlobJournalLocation(container, path, variables(ConnectionVariable) is { Length: > 0 } connection ? connection : null);
    }

    /// <summary>The account's client, made from <c>AZURE_STORAGE_CONNECTION_STRING</c>.</summary>
    /// <exception cref="CliConfigurationException">The variable is not set, or does not hold a connection string; its value is never repeated.</exception>
    public BlobContainerClient ContainerClient(BlobClientOptions options)
    {
        if (_connectionString is null)
        {
            throw new CliConfigurationException(
                $"{ConnectionVariable} is not set: the Azure Blob journal {Display} needs the storage account's connection string there "
                + "(DefaultEndpointsProtocol=https;AccountName=…;AccountKey=… or …;SharedAccessSignature=…).");
        }

        try
        {
            return new BlobServiceClient(_connectionString, options).GetBlobContainerClient(Container);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or UriFormatException)
        {
            // The message could quote a part of the value, and the value holds the account key or a SAS token.
            throw new CliConfigurationException($"{ConnectionVariable} is not an Azure Storage connection string (AccountName=…;AccountKey=…;…); it is not repeated here, since it holds a credential.");
        }
    }

    /// <summary>What is wrong with a container name by Azure's rules; <see langword="null"/> when nothing is.</summary>
    internal static string? ContainerProblem(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return "a container's name has 3 to 63 characters";
        }

        if (!name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            return "a container's name has only lowercase letters, digits and '-'";
        }

        if (name[0] == '-' || name[^1] == '-' || name.Contains("--", StringComparison.Ordinal))
        {
            return "a container's name starts and ends with a letter or digit, and has no '--'";
        }

        return null;
    }

    private static CliConfigurationException Credential(string what) => new(
        $"--journal: an Azure Blob journal's URI must not hold {what} (command lines end up in process lists and CI logs); {CredentialPath}. "
        + $"Name it as {Shape}. The URI is not repeated here.");

    private static CliConfigurationException Invalid(string what) =>
        new($"--journal: an Azure Blob journal is named {Shape}; the value given {what}. It is not repeated here, since it may hold a credential.");

    /// <inheritdoc/>
    public override string ToString() => Display;
}
