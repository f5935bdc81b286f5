using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Journal.PostgreSql;
using Npgsql;

namespace KoreModelDeploy.Cli.Tests.Journal;

/// <summary><c>--journal postgres://…</c>, read as libpq reads a URI, never holding or repeating a credential.</summary>
public sealed class PostgreSqlJournalLocationTests
{
    private const string Password = "s3cret-Pa55-9f1c";

    private static PostgreSqlJournalLocation Parse(string text, string? connection = null) =>
        PostgreSqlJournalLocation.Parse(text, name => name == PostgreSqlJournalLocation.ConnectionVariable ? connection : null);

    [Fact]
    public void A_uri_gives_the_server_database_and_user_and_a_remote_host_defaults_to_verify_full()
    {
        var location = Parse("postgres://deploy@db.example.com:6543/kore");
        var settings = location.Settings();

        (settings.Host, settings.Port, settings.Database, settings.Username, settings.SslMode).Should().Be(("db.example.com", 6543, "kore", "deploy", SslMode.VerifyFull));
        location.Display.Should().Be("postgres://deploy@db.example.com:6543/kore?sslmode=verify-full");
    }

    [Theory]
    [InlineData("postgres://deploy@127.0.0.1/kore", SslMode.Prefer)]
    [InlineData("postgresql://deploy@localhost:5432/kore", SslMode.Prefer)]
    [InlineData("postgres://deploy@[::1]:5432/kore", SslMode.Prefer)]
    [InlineData("postgres://deploy@db.example.com/kore?sslmode=require", SslMode.Require)]
    [InlineData("postgres://deploy@127.0.0.1/kore?sslmode=verify-full", SslMode.VerifyFull)]
    public void Loopback_hosts_prefer_tls_and_an_explicit_sslmode_is_kept(string uri, SslMode expected)
    {
        Parse(uri).Settings().SslMode.Should().Be(expected);
        Parse(uri).Settings().Port.Should().BeOneOf(5432);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("Host=pg;Database=journal", null)]
    [InlineData("Host=pg;Database=journal;GSS Encryption Mode=Prefer", null)]
    [InlineData("Host=pg;Database=journal;gssencryptionmode=Disable", "require")]
    [InlineData(null, "prefer")]
    public void The_store_connects_without_asking_for_gss_encryption_which_this_build_cannot_have(string? connection, string? gssVariable)
    {
        var location = PostgreSqlJournalLocation.Parse("postgres://deploy@db.example.com/kore", name => name switch
        {
            PostgreSqlJournalLocation.ConnectionVariable => connection,
            PostgreSqlJournalLocation.GssEncryptionModeVariable => gssVariable,
            _ => null,
        });

        PostgreSqlJournalStore.ConnectionSettings(location).GssEncryptionMode.Should().Be(GssEncryptionMode.Disable);
    }

    [Theory]
    [InlineData("Host=pg;Database=journal;GSS Encryption Mode=Require;Password=" + Password, null)]
    [InlineData(null, "require")]
    [InlineData("Host=pg;Database=journal", "REQUIRE")]
    public void A_journal_that_requires_gss_encryption_is_refused_by_name_since_this_build_has_no_kerberos(string? connection, string? gssVariable)
    {
        var refused = () => PostgreSqlJournalLocation.Parse("postgres://deploy@db.example.com/kore", name => name switch
        {
            PostgreSqlJournalLocation.ConnectionVariable => connection,
            PostgreSqlJournalLocation.GssEncryptionModeVariable => gssVariable,
            _ => null,
        });

        refused.Should().Throw<CliConfigurationException>().Which.Message.Should().Contain("GSS encryption").And.Contain("Kerberos").And.Contain("PGGSSENCMODE").And.NotContain(Password);
    }

    [Theory]
    [InlineData("postgres://deploy:" + Password + "@db.example.com:5432/kore")]
    [InlineData("postgres://deploy@db.example.com:5432/kore?password=" + Password)]
    [InlineData("postgres://deploy@db.example.com:5432/kore?sslmode=require&password=" + Password)]
    public void A_uri_holding_a_password_is_refused_saying_where_it_belongs_and_never_repeating_it(string uri)
    {
        var refused = () => Parse(uri);

        var message = refused.Should().Throw<CliConfigurationException>().Which.Message;
        message.Should().Contain("PGPASSWORD").And.Contain("PGPASSFILE").And.Contain(PostgreSqlJournalLocation.ConnectionVariable).And.NotContain(Password);
    }

    [Theory]
    [InlineData("postgres://deploy@db.example.com:5432/", "no database")]
    [InlineData("postgres://deploy@db.example.com:5432/kore?sslmode=sometimes", "sslmode")]
    [InlineData("postgres://deploy@db.example.com:5432/kore?target_session_attrs=any", "target_session_attrs")]
    public void A_uri_kore_deploy_cannot_use_is_refused_saying_what_is_wrong(string uri, string what)
    {
        var refused = () => Parse(uri);

        refused.Should().Throw<CliConfigurationException>().Which.Message.Should().Contain(what).And.Contain("postgres://USER@HOST:PORT/DATABASE");
    }

    [Fact]
    public void A_connection_string_in_the_environment_is_used_instead_of_the_uri_and_its_password_is_never_shown()
    {
        var location = Parse("postgres://deploy@db.example.com/kore", $"Host=pg.internal;Port=5433;Database=journal;Username=ci;Password={Password};SSL Mode=VerifyFull");

        location.Settings().Password.Should().Be(Password);
        location.Settings().Host.Should().Be("pg.internal");
        location.Display.Should().Be($"postgres://ci@pg.internal:5433/journal?sslmode=verify-full ({PostgreSqlJournalLocation.ConnectionVariable})");
        location.ToString().Should().NotContain(Password);
    }

    [Fact]
    public void A_connection_string_that_does_not_parse_is_refused_without_repeating_it()
    {
        var refused = () => Parse("postgres://deploy@db.example.com/kore", $"Host=pg;Password={Password};Bogus Keyword={Password}");

        refused.Should().Throw<CliConfigurationException>().Which.Message.Should().Contain(PostgreSqlJournalLocation.ConnectionVariable).And.NotContain(Password);
    }

    [Fact]
    public void A_journal_location_is_a_file_unless_it_is_a_postgres_uri()
    {
        JournalLocation.Parse("kore.prod.journal.jsonl", "/work/deploy", _ => null).Should().Be(new JournalLocation.File("/work/deploy/kore.prod.journal.jsonl"));
        JournalLocation.Parse("postgres://deploy@db.example.com/kore", "/work", _ => null).Should().BeOfType<JournalLocation.PostgreSql>()
            .Which.Display.Should().Be("postgres://deploy@db.example.com:5432/kore?sslmode=verify-full");
    }
}
