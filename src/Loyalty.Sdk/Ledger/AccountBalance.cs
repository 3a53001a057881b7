using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>A member's points as of an instant, derived from the ledger whether or not the expiry job has run.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="AsOf">The instant the balance describes.</param>
/// <param name="Total">All points not spent, reversed or expired, pending included, minus debt. Equals the sum of entry amounts.</param>
/// <param name="Available">Points that can be spent now: available lots minus debt (negative while in debt).</param>
/// <param name="Pending">Points still in their pending period.</param>
/// <param name="Debt">Points owed from reversals, netted against later credits.</param>
public readonly record struct AccountBalance(Instant AsOf, Points Total, Points Available, Points Pending, Points Debt);
