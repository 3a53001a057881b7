using System;

namespace Loyalty.Sdk.Ledger;

/// <summary>One line of a paid order.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class PurchaseLine
{
    /// <summary>The longest line id, SKU or category accepted.</summary>
    public const int MaxTextLength = 200;

    /// <summary>Initializes a new instance of the <see cref="PurchaseLine"/> class.</summary>
    /// <param name="lineId">The line id, unique within the order; returns refer to it.</param>
    /// <param name="sku">The stock-keeping unit.</param>
    /// <param name="category">The product category.</param>
    /// <param name="units">The units bought, at least 1.</param>
    /// <param name="unitPrice">The price of one unit, greater than zero.</param>
    /// <exception cref="ArgumentNullException">A text argument is null.</exception>
    /// <exception cref="ArgumentException">A text argument is empty or too long, or the currency is missing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> or the price is not positive.</exception>
    public PurchaseLine(string lineId, string sku, string category, int units, Money unitPrice)
    {
        LineId = Guard.Text(lineId, MaxTextLength, nameof(lineId));
        Sku = Guard.Text(sku, MaxTextLength, nameof(sku));
        Category = Guard.Text(category, MaxTextLength, nameof(category));
        Units = Guard.Positive(units);
        Guard.NotDefault(unitPrice.Currency.IsDefault, nameof(unitPrice));
        if (unitPrice.Amount <= 0 || unitPrice.Amount > LoyaltyLimits.MaxUnitPrice)
        {
            throw new ArgumentOutOfRangeException(nameof(unitPrice), unitPrice.Amount, $"The unit price must be greater than zero and at most {LoyaltyLimits.MaxUnitPrice}.");
        }

        UnitPrice = unitPrice;
    }

    /// <summary>Gets the line id.</summary>
    public string LineId { get; }

    /// <summary>Gets the SKU.</summary>
    public string Sku { get; }

    /// <summary>Gets the category.</summary>
    public string Category { get; }

    /// <summary>Gets the units bought.</summary>
    public int Units { get; }

    /// <summary>Gets the unit price.</summary>
    public Money UnitPrice { get; }
}
