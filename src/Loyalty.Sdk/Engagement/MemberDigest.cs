using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Engagement;

/// <summary>The figures of one member's statement email.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="MemberId">The member.</param>
/// <param name="Period">The period of <paramref name="PointsEarned"/>.</param>
/// <param name="PointsEarned">Net points earned in the period.</param>
/// <param name="Expiring">Points expiring in the window after now, lot by lot.</param>
/// <param name="Balance">The balance now.</param>
public sealed record MemberDigest(MemberId MemberId, DateInterval Period, Points PointsEarned, ExpiringPoints Expiring, AccountBalance Balance);
