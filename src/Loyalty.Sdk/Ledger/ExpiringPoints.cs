using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>A member's points that expire in a period unless spent first, for reminders.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="MemberId">The member.</param>
/// <param name="From">The start of the period (exclusive): the lots are alive then.</param>
/// <param name="To">The end of the period (inclusive).</param>
/// <param name="Total">The points that expire in the period.</param>
/// <param name="Lots">The lots that expire, soonest first.</param>
public sealed record ExpiringPoints(MemberId MemberId, Instant From, Instant To, Points Total, IReadOnlyList<ExpiringLot> Lots);
