namespace Loyalty.Sdk.Configuration;

/// <summary>A fixed exchange rate as data: one unit of <see cref="From"/> buys <see cref="Rate"/> units of <see cref="To"/>.</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class ExchangeRateDefinition
{
    /// <summary>Gets or sets the ISO 4217 code converted from.</summary>
    public string? From { get; set; }

    /// <summary>Gets or sets the ISO 4217 code converted to.</summary>
    public string? To { get; set; }

    /// <summary>Gets or sets the rate.</summary>
    public decimal Rate { get; set; }
}
