using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Journal.AzureBlob;
using Azure.Storage.Blobs;

namespace KoreModelDeploy.Cli.Tests.Journal;

/// <summary><c>--journal azblob://CONTAINER/PATH</c>: the account only from <c>AZURE_STORAGE_CONNECTION_STRING</c>, never a credential in the URI or in a message.</summary>
public sealed class AzureBlobJournalLocationTests
{
    private const string Key = "c2VjcmV0LWFjY291bnQta2V5LTlmMWMtZG8tbm90LXByaW50";
    private const string Signature = "FakeSig0123456789abcdefXYZ%3D";

    private static AzureBlobJournalLocation Parse(string text, string? connection = null) =>
        AzureBlobJournalLocation.Parse(text, name => name == AzureBlobJournalLocation.ConnectionVariable ? connection : null);

    [Theory]
    [InlineData("azblob://journals/kore/prod", "journals", "kore/prod", "azblob://journals/kore/prod")]
    [InlineData("azblob://journals/kore/", "journals", "kore", "azblob://journals/kore")]
    [InlineData("azblob://journals", "journals", "", "azblob://journals")]
    [InlineData("AZBLOB://j0-1/a", "j0-1", "a", "azblob://j0-1/a")]
    public void A_uri_gives_the_container_and_folder_and_is_displayed_without_anything_else(string text, string container, string path, string display)
    {
        var location = Parse(text, $"AccountName=acme;AccountKey={Key}");

        (location.Container, location.Path, location.Display, location.ToString()).Should().Be((container, path, display, display));
        JournalLocation.Parse(text, "/tmp", _ => null).Should().BeOfType<JournalLocation.AzureBlob>().Which.Display.Should().Be(display);
    }

    [Theory]
    [InlineData("azblob://journals/kore?sv=2024-11-04&ss=b&sig=" + Signature, "SAS token")]
    [InlineData("azblob://journals/kore?sig=" + Signature, "SAS token")]
    [InlineData("azblob://journals/kore;AccountKey=" + Key, "account key")]
    [InlineData("azblob://acme:" + Key + "@journals/kore", "user information")]
    [InlineData("azblob://acme@journals/kore", "user information")]
    [InlineData("azblob://journals/kore?timeout=30", "no query")]
    public void A_uri_holding_a_credential_or_a_query_is_refused_saying_where_it_belongs_and_never_repeating_it(string text, string what)
    {
        var refused = () => Parse(text);

        var message = refused.Should().Throw<CliConfigurationException>().Which.Message;
        message.Should().Contain(what).And.Contain(AzureBlobJournalLocation.ConnectionVariable).And.NotContain(Key).And.NotContain(Signature).And.NotContain("acme");
    }

    [Theory]
    [InlineData("azblob://", "names no container")]
    [InlineData("azblob:///kore", "names no container")]
    [InlineData("azblob://Journals/kore", "only lowercase letters, digits and '-'")]
    [InlineData("azblob://jo/kore", "3 to 63 characters")]
    [InlineData("azblob://-journals/kore", "starts and ends with a letter or digit")]
    [InlineData("azblob://jour--nals/kore", "no '--'")]
    [InlineData("azblob://journals-/kore", "starts and ends with a letter or digit")]
    [InlineData("azblob://journals/kore//prod", "empty, '.' or '..' folder")]
    [InlineData("azblob://journals/../prod", "empty, '.' or '..' folder")]
    public void A_uri_that_names_no_valid_container_or_folder_is_refused_saying_what_is_wrong(string text, string what)
    {
        var refused = () => Parse(text);

        refused.Should().Throw<CliConfigurationException>().Which.Message.Should().Contain(what).And.Contain("azblob://CONTAINER/PATH");
    }

    [Fact]
    public void A_container_name_of_63_characters_is_taken_and_one_of_64_is_not()
    {
        Parse("azblob://" + new string('a', 63) + "/x").Container.Should().HaveLength(63);
        ((Action)(() => Parse("azblob://" + new string('a', 64) + "/x"))).Should().Throw<CliConfigurationException>();
    }

    [Fact]
    public void Without_the_connection_string_using_the_journal_is_a_configuration_error_naming_the_variable()
    {
        var location = Parse("azblob://journals/kore");

        var refused = () => location.ContainerClient(new BlobClientOptions());

        refused.Should().Throw<CliConfigurationException>().Which.Message.Should().Contain(AzureBlobJournalLocation.ConnectionVariable).And.Contain("azblob://journals/kore");
    }

    [Fact]
    public void A_connection_string_that_is_not_one_is_refused_without_repeating_it()
    {
        var location = Parse("azblob://journals/kore", $"this is not one;AccountKey={Key}");

        var refused = () => location.ContainerClient(new BlobClientOptions());

        refused.Should().Throw<CliConfigurationException>().Which.Message.Should().Contain(AzureBlobJournalLocation.ConnectionVariable).And.NotContain(Key);
    }

    [Fact]
    public void A_manifest_environment_may_name_an_azure_blob_journal_and_one_with_a_sas_token_is_a_violation_that_does_not_repeat_it()
    {
        var good = KoreModelDeploy.Cli.Manifests.ManifestReader.Parse(Manifest("azblob://journals/kore"));
        good.Environments["prod"].Journal.Should().Be("azblob://journals/kore");

        var bad = () => KoreModelDeploy.Cli.Manifests.ManifestReader.Parse(Manifest("azblob://journals/kore?sv=1&sig=" + Signature));
        var violation = bad.Should().Throw<KoreModelDeploy.Cli.Manifests.ManifestException>().Which;
        violation.Violations.Should().ContainSingle().Which.Path.Should().Be("environments.prod.journal");
        violation.Message.Should().Contain("SAS token").And.Contain(AzureBlobJournalLocation.ConnectionVariable).And.NotContain(Signature);
    }

    private static string Manifest(string journal) =>
        $$$"""
        {"environments": {"prod": {"host": "https://prod.example.test", "journal": "{{{journal}}}"}},
         "models": [{"modelId": "m-1", "modelType": "openSource", "request": {"name": "one"}}]}
        """;
}
