using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>Points of one lot that expire at an instant.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="LotId">The lot.</param>
/// <param name="Points">The points left in the lot.</param>
/// <param name="ExpiresAt">When they expire.</param>
public readonly record struct ExpiringLot(long LotId, Points Points, Instant ExpiresAt);
