using NodaTime;

namespace Loyalty.Sdk.Tiers;

/// <summary>One change of a member's tier, with the reason.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="At">When the change took effect.</param>
/// <param name="FromTierId">The tier before.</param>
/// <param name="ToTierId">The tier after.</param>
/// <param name="Kind">Up or down.</param>
/// <param name="Reason">Why, with the figures, such as <c>spend 1200 in 2026-01-01..2026-12-31 reached gold (1000)</c>.</param>
public sealed record TierChange(Instant At, string FromTierId, string ToTierId, TierChangeKind Kind, string Reason);
