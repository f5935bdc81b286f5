using System.Text;

namespace KoreModelDeploy.Emulator.Faults;

/// <summary>
/// Maps a key to a number in [0, 1) that depends only on the key: which jobs a fraction selects must not
/// depend on the order in which concurrent requests arrive. string.GetHashCode is randomized per process, hence FNV-1a.
/// </summary>
internal static class StableFraction
{
    public static double Of(string key)
    {
        const ulong offsetBasis = 14695981039346656037;
        const ulong prime = 1099511628211;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash ^= b;
            hash *= prime;
        }

        // FNV's low bits mix poorly; a final avalanche step spreads them before taking 53 bits.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }
}
