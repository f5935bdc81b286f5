namespace KoreModelDeploy.Emulator.Json;

/// <summary>The error envelope Kore's public APIs use: <c>{"errors":[{"msg":"…","code":400}]}</c>.</summary>
internal sealed record ErrorResponse(IReadOnlyList<ErrorEntry> Errors);

/// <summary>One problem inside an <see cref="ErrorResponse"/>.</summary>
internal sealed record ErrorEntry(string Msg, int Code);
