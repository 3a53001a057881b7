namespace Loyalty.Sdk.Storage;

/// <summary>
/// A change to a program-wide count (a reward's claims in a period) within one commit, applied by the store only if the
/// count stays between 0 and the limit.
/// </summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Key">The count's key.</param>
/// <param name="Delta">The change, +1 or −1.</param>
/// <param name="Limit">The most the count may reach.</param>
public readonly record struct QuotaChange(string Key, int Delta, long Limit);
