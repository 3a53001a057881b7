namespace Loyalty.Sdk.Storage;

/// <summary>Points a redemption took from one lot, and how many of them were refunded.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="LotId">The lot.</param>
/// <param name="Consumed">The points taken.</param>
/// <param name="Refunded">The points restored by refunds so far.</param>
public readonly record struct LotAllocation(long LotId, Points Consumed, Points Refunded);
