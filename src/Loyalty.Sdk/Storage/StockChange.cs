namespace Loyalty.Sdk.Storage;

/// <summary>A change to a reward's stock within one commit, applied by the store only if the stock stays consistent (never oversold, never negative).</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="RewardId">The reward.</param>
/// <param name="Reserved">The change of reserved units.</param>
/// <param name="Confirmed">The change of confirmed units.</param>
public readonly record struct StockChange(string RewardId, int Reserved, int Confirmed);
