namespace KoreModelDeploy.Emulator.Hosting;

/// <summary>Tags a route with the vendor endpoint it serves, so the request middleware can count it and target faults.</summary>
internal sealed record EndpointMetadata(EmulatorEndpoint Endpoint);
