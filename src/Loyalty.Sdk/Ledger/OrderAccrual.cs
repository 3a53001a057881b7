using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// What one order earned, line by line, with the rates used at the time; returns reverse exactly the points the
/// returned units earned, from this snapshot rather than from today's rules.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record OrderAccrual
{
    /// <summary>Gets the program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>Gets the member.</summary>
    public required MemberId MemberId { get; init; }

    /// <summary>Gets the order id.</summary>
    public required string OrderId { get; init; }

    /// <summary>Gets the sequence number of the earn entry.</summary>
    public required long EarnSequence { get; init; }

    /// <summary>Gets the lot created by the earn, or <see langword="null"/> when the order earned nothing.</summary>
    public long? LotId { get; init; }

    /// <summary>Gets the instant of the order.</summary>
    public required Instant OrderedAt { get; init; }

    /// <summary>Gets the order's currency.</summary>
    public required CurrencyCode Currency { get; init; }

    /// <summary>Gets the rate from the order's currency into the base currency that was used.</summary>
    public required decimal ExchangeRate { get; init; }

    /// <summary>Gets the per-line breakdown.</summary>
    public required IReadOnlyList<AccrualLine> Lines { get; init; }

    /// <summary>Gets the points the order earned.</summary>
    public required Points TotalPoints { get; init; }

    /// <summary>Gets the points reversed by returns so far (never more than <see cref="TotalPoints"/>).</summary>
    public Points ReversedPoints { get; init; }
}
