namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>
/// The model and dock status ids every fake of the service uses (MockHttp answers, the fault matrix, the cancellation
/// and polling scripts), so that a request or an answer reads the same whichever fake a test runs against.
/// </summary>
public static class TestIds
{
    public const string ModelId = "cm-0123456789abcdef";

    public const string DockStatusId = "ds-0123456789abcdef";
}
