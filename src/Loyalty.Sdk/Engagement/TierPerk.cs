namespace Loyalty.Sdk.Engagement;

/// <summary>
/// A perk of membership, as data: members at or above <see cref="MinimumTier"/> have it (all members when null).
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record TierPerk
{
    /// <summary>Gets the perk id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the kind.</summary>
    public PerkKind Kind { get; init; }

    /// <summary>Gets the lowest tier that has the perk; <see langword="null"/> for every member.</summary>
    public string? MinimumTier { get; init; }

    /// <summary>Gets a value, such as the discount rate (0.1 for 10%) or the trial's length in days.</summary>
    public decimal? Value { get; init; }

    /// <summary>Gets a description for members.</summary>
    public string? Description { get; init; }
}
