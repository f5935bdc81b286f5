namespace KoreModelDeploy.Emulator;

/// <summary>The vendor endpoints the emulator serves; used to target faults and to read request counts.</summary>
public enum EmulatorEndpoint
{
    /// <summary>All endpoints: a fault queued for it matches any request; its request count is the total.</summary>
    Any = 0,

    /// <summary><c>POST /api/public/models/{modelId}/deploy</c>.</summary>
    Deploy = 1,

    /// <summary><c>POST /api/public/models/{modelId}/undeploy</c>.</summary>
    Undeploy = 2,

    /// <summary><c>GET /api/public/dock-status/{dockStatusId}</c>.</summary>
    DockStatus = 3,
}
