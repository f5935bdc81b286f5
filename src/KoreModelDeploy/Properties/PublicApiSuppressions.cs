using System.Diagnostics.CodeAnalysis;

// DockOperation.WaitForCompletionAsync has the two overloads of Azure SDK's Operation<T>: (cancellationToken) and
// (polling, progress, cancellationToken). The second requires its first argument, so no call is ambiguous. RS0026
// guards against adding an optional-parameter overload to an API that has shipped; these two ship together in 0.1.0.
[assembly: SuppressMessage(
    "ApiDesign",
    "RS0026:Do not add multiple public overloads with optional parameters",
    Justification = "Both overloads are part of the first release; the wider one has a required first parameter.",
    Scope = "member",
    Target = "~M:KoreModelDeploy.DockOperation.WaitForCompletionAsync(System.Threading.CancellationToken)")]
[assembly: SuppressMessage(
    "ApiDesign",
    "RS0026:Do not add multiple public overloads with optional parameters",
    Justification = "Both overloads are part of the first release; the wider one has a required first parameter.",
    Scope = "member",
    Target = "~M:KoreModelDeploy.DockOperation.WaitForCompletionAsync(KoreModelDeploy.DockPollingOptions,System.IProgress{KoreModelDeploy.Models.DockStatus},System.Threading.CancellationToken)")]
