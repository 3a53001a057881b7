using System;

namespace Loyalty.Sdk.Ledger;

/// <summary>Units of one order line that were returned.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class ReturnedLine
{
    /// <summary>Initializes a new instance of the <see cref="ReturnedLine"/> class.</summary>
    /// <param name="lineId">The line id given when the order earned.</param>
    /// <param name="units">The units returned, at least 1.</param>
    /// <exception cref="ArgumentException"><paramref name="lineId"/> is empty or too long.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is not positive.</exception>
    public ReturnedLine(string lineId, int units)
    {
        LineId = Guard.Text(lineId, PurchaseLine.MaxTextLength, nameof(lineId));
        Units = Guard.Positive(units);
    }

    /// <summary>Gets the line id.</summary>
    public string LineId { get; }

    /// <summary>Gets the units returned.</summary>
    public int Units { get; }
}
