namespace Loyalty.Sdk.Storage;

/// <summary>A program-wide count as read: its key and value.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Key">The count's key.</param>
/// <param name="Used">The count (0 when it has no row yet).</param>
public readonly record struct QuotaCount(string Key, long Used);
