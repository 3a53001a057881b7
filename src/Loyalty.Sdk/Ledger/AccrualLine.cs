using System.Collections.Generic;

namespace Loyalty.Sdk.Ledger;

/// <summary>What one order line earned, and how much of it was returned.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record AccrualLine
{
    /// <summary>Gets the line id, unique within the order.</summary>
    public required string LineId { get; init; }

    /// <summary>Gets the SKU.</summary>
    public required string Sku { get; init; }

    /// <summary>Gets the category.</summary>
    public required string Category { get; init; }

    /// <summary>Gets the units bought.</summary>
    public required int Units { get; init; }

    /// <summary>Gets the unit price in the order's currency.</summary>
    public required decimal UnitPrice { get; init; }

    /// <summary>Gets the line's value in the base currency (units × unit price × exchange rate).</summary>
    public required decimal BaseAmount { get; init; }

    /// <summary>Gets the points per base-currency unit that applied.</summary>
    public required decimal PointsPerCurrencyUnit { get; init; }

    /// <summary>Gets the combined multiplier that applied (1 when no rule multiplied).</summary>
    public required decimal Multiplier { get; init; }

    /// <summary>Gets the points the line earned, rounded once with the program's rounding (after any order cap).</summary>
    public required Points Points { get; init; }

    /// <summary>Gets the rules that changed the line's points, such as <c>category:books×2</c> or <c>campaign:double-days×2</c>.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>Gets the units returned so far.</summary>
    public int ReturnedUnits { get; init; }

    /// <summary>Gets the points reversed for returned units so far.</summary>
    public Points ReversedPoints { get; init; }
}
