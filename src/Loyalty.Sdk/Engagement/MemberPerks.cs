using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Engagement;

/// <summary>The perks a member has as of an instant, with the tier that grants them.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="MemberId">The member.</param>
/// <param name="AsOf">The instant.</param>
/// <param name="TierId">The member's tier then, or <see langword="null"/> when the program has no tiers.</param>
/// <param name="Perks">The perks, in definition order.</param>
public sealed record MemberPerks(MemberId MemberId, Instant AsOf, string? TierId, IReadOnlyList<TierPerk> Perks);
