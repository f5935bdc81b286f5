namespace KoreModelDeploy.Cli.DeployFiles;

/// <summary>The JSON type of a deploy-request field, which decides how a <c>--set</c> value is read.</summary>
internal enum FieldKind
{
    /// <summary>Text as given; an empty value is <c>""</c>.</summary>
    String,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A finite number.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A JSON array of strings: <c>["###"]</c>.</summary>
    StringArray,
}
