namespace Loyalty.Sdk.Engagement;

/// <summary>
/// The stock of a reward: units ever stocked, reserved by open claims, and confirmed by fulfilment. Reserved + confirmed + available = total, always.
/// </summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="RewardId">The reward.</param>
/// <param name="Total">Every unit ever stocked.</param>
/// <param name="Reserved">Units held by claims awaiting fulfilment.</param>
/// <param name="Confirmed">Units fulfilled.</param>
public readonly record struct RewardStock(string RewardId, long Total, long Reserved, long Confirmed)
{
    /// <summary>Gets the units that can still be reserved.</summary>
    public long Available => Total - Reserved - Confirmed;
}
