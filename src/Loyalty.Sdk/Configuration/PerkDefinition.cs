namespace Loyalty.Sdk.Configuration;

/// <summary>A tier perk as data (see <see cref="Engagement.TierPerk"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class PerkDefinition
{
    /// <summary>Gets or sets the id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the kind.</summary>
    public Engagement.PerkKind Kind { get; set; }

    /// <summary>Gets or sets the lowest tier that has it.</summary>
    public string? MinimumTier { get; set; }

    /// <summary>Gets or sets its value (a discount rate, a trial's days).</summary>
    public decimal? Value { get; set; }

    /// <summary>Gets or sets the description.</summary>
    public string? Description { get; set; }
}
