using System.Globalization;
using System.Net;
using KoreModelDeploy.Cli.Configuration;
using Npgsql;

namespace KoreModelDeploy.Cli.Journal.PostgreSql;

/// <summary>
/// <c>--journal postgres://USER@HOST:PORT/DATABASE[?sslmode=…]</c>, libpq's URI syntax (Npgsql reads no URIs), or the
/// whole Npgsql connection string in <c>KORE_JOURNAL_CONNECTION</c> instead of the URI's parts. A URI never holds a
/// credential: command lines end up in process lists and CI logs. The password comes from <c>PGPASSWORD</c>,
/// <c>PGPASSFILE</c> or <c>KORE_JOURNAL_CONNECTION</c>, which Npgsql reads, and is never shown.
/// </summary>
internal sealed class PostgreSqlJournalLocation
{
    /// <summary>The variable that may hold a whole Npgsql connection string, credentials included.</summary>
    public const string ConnectionVariable = "KORE_JOURNAL_CONNECTION";

    /// <summary>libpq's variable for the GSS encryption mode, which Npgsql also reads.</summary>
    public const string GssEncryptionModeVariable = "PGGSSENCMODE";

    /// <summary>How Npgsql names <see cref="NpgsqlConnectionStringBuilder.GssEncryptionMode"/> among a connection string's keys.</summary>
    private const string GssEncryptionModeKeyword = "GSS Encryption Mode";

    private const string Shape = "postgres://USER@HOST:PORT/DATABASE[?sslmode=…]";
    private const string CredentialPaths = "the password belongs in PGPASSWORD or a PGPASSFILE, or the whole connection string in " + ConnectionVariable;
    private static readonly string[] Schemes = ["postgres://", "postgresql://"];
    private static readonly string[] PasswordVariables = ["PGPASSWORD", "PGPASSFILE", ConnectionVariable];

    private readonly string _connectionString;

    private PostgreSqlJournalLocation(string display, string connectionString, string passwordSources)
    {
        Display = display;
        _connectionString = connectionString;
        PasswordSources = passwordSources;
    }

    /// <summary>The location as messages name it: the URI with no credential, or the connection string's server and database.</summary>
    public string Display { get; }

    /// <summary>
    /// For a server that refused the login: where a password can come from, and which of those variables this run has
    /// set (their names, never their values).
    /// </summary>
    public string PasswordSources { get; }

    /// <summary>Whether <paramref name="text"/> names a PostgreSQL journal rather than a file.</summary>
    public static bool IsUri(string text) => Schemes.Any(scheme => text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase));

    /// <summary>The settings to connect with (credentials included where they came from the environment); never shown.</summary>
    public NpgsqlConnectionStringBuilder Settings() => new(_connectionString);

    /// <summary>Reads a <c>postgres://</c> URI; where <c>KORE_JOURNAL_CONNECTION</c> is set, its connection string is used instead of the URI's parts.</summary>
    /// <param name="text">The URI, from <c>--journal</c> or the manifest's environment.</param>
    /// <param name="variables">Reads the environment.</param>
    /// <exception cref="CliConfigurationException">The URI is not one, holds a password or an unknown parameter, or the connection string does not parse. The text is never repeated.</exception>
    public static PostgreSqlJournalLocation Parse(string text, Func<string, string?> variables)
    {
        var builder = FromUri(text);
        var passwordSources = DescribePasswordSources(variables);
        if (variables(ConnectionVariable) is { Length: > 0 } connection)
        {
            try
            {
                builder = new NpgsqlConnectionStringBuilder(connection);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                // The message could quote a value, and the value may be the password.
                throw new CliConfigurationException($"{ConnectionVariable} is not an Npgsql connection string (Host=…;Port=…;Database=…;Username=…); it is not repeated here, since it may hold a password.");
            }

            if (string.IsNullOrEmpty(builder.Host) || string.IsNullOrEmpty(builder.Database))
            {
                throw new CliConfigurationException($"{ConnectionVariable} must name the server (Host=…) and the database (Database=…) of the journal.");
            }

            RefuseRequiredGssEncryption(builder, variables);
            return new PostgreSqlJournalLocation($"{Describe(builder)} ({ConnectionVariable})", builder.ConnectionString, passwordSources);
        }

        RefuseRequiredGssEncryption(builder, variables);
        return new PostgreSqlJournalLocation(Describe(builder), builder.ConnectionString, passwordSources);
    }

    /// <summary>
    /// The tool is built without Kerberos, so GSS encryption can never be had. A journal that requires it (by the
    /// connection string, or else by <c>PGGSSENCMODE</c>, which Npgsql reads) is refused here by name: connecting
    /// without it would quietly drop what the user asked for, and trying fails inside Npgsql with no word of why.
    /// </summary>
    private static void RefuseRequiredGssEncryption(NpgsqlConnectionStringBuilder builder, Func<string, string?> variables)
    {
        // Npgsql's ContainsKey answers whether a keyword exists, not whether the string gave it; its Keys are those given.
        var required = builder.Keys.Contains(GssEncryptionModeKeyword, StringComparer.OrdinalIgnoreCase)
            ? builder.GssEncryptionMode == GssEncryptionMode.Require
            : string.Equals(variables(GssEncryptionModeVariable), "require", StringComparison.OrdinalIgnoreCase);
        if (required)
        {
            throw new CliConfigurationException(
                $"The journal requires GSS encryption (GSS Encryption Mode=Require in {ConnectionVariable}, or {GssEncryptionModeVariable}=require), "
                + "but kore-deploy has no Kerberos support. Reach the server over TLS instead (sslmode=require or verify-full).");
        }
    }

    private static string DescribePasswordSources(Func<string, string?> variables)
    {
        var set = PasswordVariables.Where(name => variables(name) is { Length: > 0 }).ToArray();
        return "kore-deploy takes the journal's password from PGPASSWORD, from the file PGPASSFILE names (lines of host:port:database:user:password), "
            + $"or from Password=… in a whole Npgsql connection string in {ConnectionVariable}; "
            + (set.Length == 0 ? "none of them is set." : $"set for this run: {string.Join(", ", set)}.");
    }

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !IsUri(text))
        {
            throw Invalid("is not such a URI");
        }

        if (uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            throw new CliConfigurationException(
                $"--journal: a PostgreSQL journal's URI must not hold a password (command lines end up in process lists and CI logs); "
                + $"{CredentialPaths}. Name it as {Shape}. The URI is not repeated here.");
        }

        var host = uri.DnsSafeHost;
        if (host.Length == 0)
        {
            throw Invalid("names no host");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            throw Invalid("names no database (…/DATABASE)");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = database,
        };
        if (uri.UserInfo.Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(uri.UserInfo);
        }

        SslMode? sslMode = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            switch (name)
            {
                case "password" or "passfile":
                    throw new CliConfigurationException($"--journal: a PostgreSQL journal's URI must not carry {name}; {CredentialPaths}. The URI is not repeated here.");
                case "sslmode":
                    sslMode = ReadSslMode(value);
                    break;
                case "sslrootcert":
                    builder.RootCertificate = value;
                    break;
                case "connect_timeout" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 1024:
                    builder.Timeout = seconds;
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "user" when value.Length > 0:
                    builder.Username = value;
                    break;
                default:
                    throw Invalid($"has the parameter '{(name.Length <= 40 ? name : name[..40] + "…")}', which kore-deploy does not take (it takes sslmode, sslrootcert, connect_timeout, application_name, user)");
            }
        }

        // A server elsewhere is reached over TLS with its certificate and name checked, unless the URI says otherwise.
        builder.SslMode = sslMode ?? (IsLoopback(host) ? SslMode.Prefer : SslMode.VerifyFull);
        return builder;
    }

    private static SslMode ReadSslMode(string value) => value switch
    {
        "disable" => SslMode.Disable,
        "allow" => SslMode.Allow,
        "prefer" => SslMode.Prefer,
        "require" => SslMode.Require,
        "verify-ca" => SslMode.VerifyCA,
        "verify-full" => SslMode.VerifyFull,
        _ => throw Invalid("has an sslmode other than disable, allow, prefer, require, verify-ca or verify-full"),
    };

    /// <summary><c>localhost</c> or a loopback address.</summary>
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>The server and database, with no credential: <c>postgres://deploy@db.example.com:5432/kore?sslmode=verify-full</c>.</summary>
    private static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        var user = string.IsNullOrEmpty(builder.Username) ? string.Empty : Uri.EscapeDataString(builder.Username) + "@";
        var host = builder.Host!.Contains(':', StringComparison.Ordinal) ? $"[{builder.Host}]" : builder.Host;
        return $"postgres://{user}{host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(builder.Database ?? string.Empty)}?sslmode={SslModeWord(builder.SslMode)}";
    }

    private static string SslModeWord(SslMode mode) => mode switch
    {
        SslMode.Disable => "disable",
        SslMode.Allow => "allow",
        SslMode.Prefer => "prefer",
        SslMode.Require => "require",
        SslMode.VerifyCA => "verify-ca",
        _ => "verify-full",
    };

    private static CliConfigurationException Invalid(string what) =>
        new($"--journal: a PostgreSQL journal is named {Shape}; the value given {what}. It is not repeated here, since it may hold a credential.");

    /// <inheritdoc/>
    public override string ToString() => Display;
}
